"""The machinery behind build_figures.py, one module per stage.

vocabulary   layout (artifact paths), settings (defaults), errors, lock
parse        sources (examples, headers, names), imports (local modules loaded)
analysis     fingerprint (what results depend on), freshness (what must happen)
production   execute (a supervised kernel run), outputs, values, takehome,
             assemble (artifacts from executed cells), merge (stored outputs
             into edited prose), store (atomic writes, digests), produce
read model   catalog (how everything reads what the build wrote)
orchestration pipeline (build, check), shards (merge CI jobs' folders),
             preview and serving (mkdocs serve), plugin and site_nav (MkDocs),
             scaffold (`new`), links and site_config (site checks)
"""
