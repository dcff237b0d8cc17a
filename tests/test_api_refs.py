"""The names a page's code uses, resolved as Python binds them (sitebuild.apirefs).

Each test plants a few cells and reads back which Keras/TensorFlow name each
use resolves to: aliases, shadowing, scopes, hidden cells, and what static
reading refuses to guess.
"""

import textwrap

import nbformat
import pytest

from sitebuild import apirefs

ADDED = "tutorial_added"


def page(*sources, tags=None):
    """A page notebook of code cells (and `## heading` Markdown cells), ids cell-N."""
    cells = []
    for source in sources:
        source = textwrap.dedent(source).strip("\n")
        if source.startswith("#"):
            cells.append(nbformat.v4.new_markdown_cell(source))
        else:
            cells.append(nbformat.v4.new_code_cell(source))
    for index, cell in enumerate(cells):
        cell.id = f"cell-{index}"
        cell.metadata["tags"] = (tags or {}).get(index, [])
    return nbformat.v4.new_notebook(cells=cells)


def uses(*sources, tags=None):
    """{cell id: [(text of the longest span, its name), ...]} for the planted cells."""
    notebook = page(*sources, tags=tags)
    found = apirefs.references(notebook, ADDED)
    assert "unread" not in found, found
    result = {}
    for cell_id, cell in found["cells"].items():
        lines = next(c for c in notebook.cells if c.id == cell_id).source.splitlines()
        for use in cell["uses"]:
            line, spans = apirefs.parse_use(use)
            start, end, name = spans[0]
            result.setdefault(cell_id, []).append((lines[line - 1][start:end], name))
    return result


def names(*sources, **kwargs):
    return [name for found in uses(*sources, **kwargs).values() for _, name in found]


def test_aliases_of_modules_and_names_resolve_to_their_keras_names():
    found = uses(
        """
        import keras as K
        from keras import layers as L
        from keras.layers import Dropout as Drop
        import tensorflow as tf
        K.layers.Dense(3)
        L.Conv2D(8, 3)
        Drop(0.5)
        tf.keras.layers.Dense(2)
        """
    )
    assert found["cell-0"] == [
        ("layers", "keras.layers"),  # names in imports are uses too
        ("Dropout", "keras.layers.Dropout"),
        ("K.layers.Dense", "keras.layers.Dense"),
        ("L.Conv2D", "keras.layers.Conv2D"),
        ("Drop", "keras.layers.Dropout"),
        ("tf.keras.layers.Dense", "tensorflow.keras.layers.Dense"),
    ]


def test_every_prefix_of_a_chain_is_a_candidate_longest_first():
    notebook = page("import keras\nkeras.utils.set_random_seed(1)")
    [use] = apirefs.references(notebook, ADDED)["cells"]["cell-0"]["uses"]
    assert apirefs.parse_use(use) == (
        2,
        [(0, 27, "keras.utils.set_random_seed"), (0, 11, "keras.utils")],
    )


def test_bindings_carry_across_cells_as_in_one_kernel():
    assert names("from keras import regularizers", "regularizers.L2(1e-4)") == [
        "keras.regularizers",
        "keras.regularizers.L2",
    ]


@pytest.mark.parametrize(
    "rebinding",
    [
        "layers = 3",
        "for layers in range(2):\n    pass",
        "def f():\n    global layers\n    layers = None",
        "try:\n    from keras import layers\nexcept ImportError:\n    layers = None",
        "from somewhere import layers",
        "import layers",
        "with open('x') as layers:\n    pass",
    ],
)
def test_a_module_level_name_bound_to_anything_else_anywhere_links_nothing(rebinding):
    found = names("from keras import layers", "layers.Dropout(0.5)", rebinding)
    assert "keras.layers.Dropout" not in found


def test_a_local_variable_called_layers_is_not_keras():
    found = uses(
        """
        from keras import layers

        def build(layers):
            return layers.Dense(1)

        def other():
            layers = make()
            return layers.Dense(2)

        class Holder:
            layers = "not keras"
            wrong = layers.Dense

        layers.Flatten()
        """
    )
    assert [name for _, name in found["cell-0"]] == [
        "keras.layers",
        "keras.layers.Flatten",
    ]


def test_a_free_name_resolves_in_the_enclosing_function_not_globally():
    found = names(
        """
        from keras import layers

        def outer():
            layers = None
            def inner():
                return layers.Dense(1)
            return inner

        def uses_global():
            return layers.Dense(1)
        """
    )
    assert found == ["keras.layers", "keras.layers.Dense"]  # only uses_global's


def test_comprehension_variables_stay_in_their_comprehension():
    found = names(
        """
        from keras import layers
        squares = [layers * 2 for layers in range(3)]
        layers.Dense(1)
        """
    )
    assert found == ["keras.layers", "keras.layers.Dense"]


def test_a_star_import_makes_every_global_unknown():
    found = names("from keras import layers\nfrom numpy import *\nlayers.Dense(1)")
    assert found == ["keras.layers"]  # the import's own name, and nothing after


def test_instances_of_calls_and_local_functions_carry_one_attribute():
    found = uses(
        """
        import keras

        def build(rate):
            model = keras.Sequential([keras.layers.Dropout(rate)])
            model.compile(loss="mse")
            return model

        model = build(0.5)
        model.fit(x, y)
        keras.Sequential().summary()
        model.optimizer.learning_rate
        """
    )
    assert found["cell-0"] == [
        ("keras.Sequential", "keras.Sequential"),
        ("keras.layers.Dropout", "keras.layers.Dropout"),
        ("compile", "keras.Sequential().compile"),
        ("fit", "keras.Sequential().fit"),
        ("keras.Sequential", "keras.Sequential"),
        ("summary", "keras.Sequential().summary"),
        ("optimizer", "keras.Sequential().optimizer"),  # and no further
    ]


@pytest.mark.parametrize(
    "binding",
    [
        "model = keras.Sequential()\nmodel = other()",  # rebound
        "models = [keras.Sequential()]\nmodel = models[0]",  # from a container
        "def build():\n    yield keras.Sequential()\nmodel = build()",  # a generator
        "def build(flag):\n    if flag:\n        return keras.Sequential()\n    return keras.Model()\nmodel = build(1)",
        "for model in [keras.Sequential()]:\n    pass",
    ],
)
def test_a_value_static_reading_cannot_know_links_nothing(binding):
    found = names("import keras", binding, "model.fit(x)")
    assert not any(name.endswith(".fit") for name in found), found


def test_recursive_bindings_do_not_loop():
    found = names(
        "import keras\na = b\nb = a\na.fit()\ndef f():\n    return f()\nf().x"
    )
    assert not any(name.endswith((".fit", ".x")) for name in found)


def test_hidden_cells_bind_names_but_record_no_uses():
    found = uses(
        "import keras",
        "from keras import layers\nlayers.Dense(1)",
        "keras.layers.Flatten()",
        "layers.Dropout(0.1)",
        tags={1: ["remove-cell"], 2: ["remove-input"]},
    )
    assert found == {"cell-3": [("layers.Dropout", "keras.layers.Dropout")]}


def test_cells_the_build_added_are_not_the_examples_code():
    notebook = page(
        "import keras\nkeras.Input((2,))", "import keras\nkeras.Input((3,))"
    )
    notebook.cells[0].metadata[ADDED] = "setup"
    assert list(apirefs.references(notebook, ADDED)["cells"]) == ["cell-1"]


def test_columns_count_characters_not_utf8_bytes():
    [(text, name)] = uses('import keras\nlabel = "λ×2"; keras.Input((2,))')["cell-0"]
    assert (text, name) == ("keras.Input", "keras.Input")


def test_only_keras_and_tensorflow_names_are_recorded():
    assert names("import numpy as np\nimport scipy.stats\nnp.mean([1])") == []


def test_each_use_records_the_section_it_is_in():
    notebook = page(
        "# Title",
        "import keras",
        "## Build the model",
        "keras.Input((2,))",
        "### A `detail`",
        "keras.Sequential()",
    )
    cells = apirefs.references(notebook, ADDED)["cells"]
    assert {cell: found["section"] for cell, found in cells.items()} == {
        "cell-3": "Build the model",
        "cell-5": "A `detail`",
    }


def test_a_cell_that_is_not_python_leaves_the_page_unread():
    found = apirefs.references(page("import keras", "%time keras.Input((1,))"), ADDED)
    assert found["cells"] == {} and "not Python" in found["unread"]
