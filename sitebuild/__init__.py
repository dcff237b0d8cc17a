"""The machinery behind build_figures.py, one module per stage.

sources      find the examples, parse their headers and source lines
fingerprint  hash everything an example's results depend on
execute      run one example in a fresh kernel
outputs      clean the outputs, pull out figures and snippets
store        write an example's artifacts atomically, read manifests
pipeline     build or check a set of examples, report progress
"""
