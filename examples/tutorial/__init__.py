"""Small helpers shared by the example scripts.

They keep the examples short and focused on regularization: loading MNIST
offline (`data`), choosing full or fast settings (`mode`), showing results as
Markdown (`report`) and a plotting style that reads in light and dark mode
(`style`). The examples import them; the build code never is imported here.
"""
