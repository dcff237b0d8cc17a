"""Small helpers shared by the example pages.

They keep the pages short and on regularization: loading MNIST and checking
it (`data`), choosing the full or the fast settings (`mode`), the protocol of
the experiment pages (`experiment`) and their one decision rule (`stats`),
values recorded for the prose (`glue`), Markdown tables (`report`) and a
plotting style that reads in light and dark mode (`style`). Nothing here
imports the build code.
"""
