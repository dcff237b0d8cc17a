"""mkdocs hooks: they read what build_figures.py generated and never run examples."""
