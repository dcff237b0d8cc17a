"""Create a new example from a template: `python build_figures.py new "Title"`.

The new file already runs: it loads MNIST, trains a small model, shows a
figure for its gallery card, a table whose code the page hides and a value
recorded for its prose, so a contributor starts from something that builds
and replaces it step by step.
"""

import ast
import datetime
import re
from pathlib import Path

from . import errors, layout, settings, sources

PLACEHOLDER_DESCRIPTION = "One sentence on what this page shows; edit it."
DEFAULT_AUTHOR = "Your name"

TEMPLATE = '''\
"""
Title: {title}
Author: {author}
Date created: {today}
Last modified: {today}
Description: {description}
"""

# %% [markdown]
# Say in a few sentences what this page shows and why it matters. Then replace
# the code below with your own, one idea per cell. Numbers in prose come from
# the run: record them with `glue` and write them as `{{name}}` or with a
# format, as in `{{test_accuracy:.2%}}`.
#
# ## Setup

# %%
import keras
import matplotlib.pyplot as plt
from keras import layers

from tutorial import data, mode, report, style
from tutorial.glue import glue

keras.utils.set_random_seed(42)  # seed every run: results must repeat
style.use()  # figures that read on the light and the dark theme
# Fast mode (the tests) must stay under a minute: a small subset, few epochs.
TRAIN_SIZE = mode.choose(full=10_000, fast=1_000)
VALIDATION_SIZE = mode.choose(full=10_000, fast=500)
TEST_SIZE = mode.choose(full=None, fast=500)
EPOCHS = mode.choose(full=3, fast=2)
(x_train, y_train), (x_test, y_test) = data.load_scaled(
    test_size=TEST_SIZE
)
# Choices are made on the validation split, the last 10,000 training
# images, never trained on; the test set scores the final model once.
x_val = x_train[-10_000:][:VALIDATION_SIZE]
y_val = y_train[-10_000:][:VALIDATION_SIZE]
x_train, y_train = x_train[:TRAIN_SIZE], y_train[:TRAIN_SIZE]

# %% [markdown]
# ## Build the model

# %%
model = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, 3, padding="same", activation="relu"),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ]
)
model.compile(
    optimizer="adam",
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)

# %% snippet="model_summary"
model.summary()

# %% [markdown]
# ## Train

# %%
history = model.fit(
    x_train,
    y_train,
    batch_size=32,
    epochs=EPOCHS,
    validation_data=(x_val, y_val),
    verbose=2,
)

# %% figure="learning-curves"
epochs = range(1, EPOCHS + 1)
fig, ax = plt.subplots()
ax.plot(epochs, history.history["loss"], marker="o", label="training")
ax.plot(
    epochs, history.history["val_loss"], marker="o", label="validation"
)
ax.set_title("Loss after each epoch")
ax.set_xticks(list(epochs))
ax.set_xlabel("epoch")
ax.set_ylabel("loss (cross-entropy)")
ax.legend()
plt.show()

# %% [markdown]
# ## Evaluate
#
# Once the choices are made on validation, the test set gives the final
# score.

# %%
test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)

# %% [markdown]
# A table that only assembles computed numbers hides its code on the page
# (tag `remove-input`); the downloads keep it.

# %% tags=["remove-input"] snippet="final_metrics"
report.table(
    ["", "loss", "accuracy"],
    [["test set", f"{{test_loss:.4f}}", f"{{test_accuracy:.4f}}"]],
)

# %% [markdown]
# A cell that only records values for the prose leaves the page altogether
# (tag `remove-cell`). The model scores {{test_accuracy:.2%}} on the test
# set. One seed shows one run: compare settings over several seeds with
# `tutorial.stats.compare`, as the experiment pages do.

# %% tags=["remove-cell"]
glue("test_accuracy", test_accuracy)
'''


def slug(title):
    """The file name for a title: lower case words joined by underscores."""
    return "_".join(re.findall(r"[a-z0-9]+", title.lower()))


def create(title, examples_dir, description=None, author=None, today=None):
    """Write examples/<slug>.py from the template; return its path.

    Raises ExampleError (naming the file) when the title makes no file name,
    the header would not validate, or the file exists: nothing is overwritten.
    """
    name = slug(title)
    path = Path(examples_dir) / f"{name}.py"
    if not name:
        raise errors.ExampleError(
            f"title {title!r} has no letters or digits to name the file after."
        )
    problem = sources.name_problem(name, examples_dir)
    if problem:
        raise errors.ExampleError(
            f"the title {title!r} names the file {path.name}, but {name!r} {problem}; "
            "choose another title."
        )
    text = TEMPLATE.format(
        title=title.strip(),
        author=author or DEFAULT_AUTHOR,
        today=(today or datetime.date.today()).isoformat(),
        description=(description or PLACEHOLDER_DESCRIPTION).strip(),
    )
    # Validate before writing, so a bad title or description leaves no file behind.
    sources.parse_header(_docstring(text, path), path)
    if path.exists():
        raise errors.ExampleError(
            f"{path} already exists; choose another title or edit that file."
        )
    path.write_text(text, encoding="utf-8")
    return path


def _docstring(text, path):
    try:
        return ast.get_docstring(ast.parse(text))
    except SyntaxError:
        raise errors.ExampleError(
            f"{path}: the title or description breaks the header docstring; "
            "leave out triple quotes and backslashes."
        ) from None


def _published_folder(name):
    folder = layout.on_disk(settings.PUBLISHED_DIR, name).folder
    return folder.relative_to(settings.REPO_ROOT).as_posix()


def next_steps(path, description_given):
    """What to do after `create`, as the command prints it."""
    steps = [f"created {path}", "next:"]
    if not description_given:
        steps.append("  - write its one-sentence `Description:` (now a placeholder)")
    steps += [
        "  - write the prose and replace the template's code with your own",
        "  - preview: `make serve` (http://127.0.0.1:8000; another address: "
        "`make serve ADDR=127.0.0.1:8001`) shows the page in fast mode and "
        "updates it on every save",
        f"  - publish: {settings.BUILD_COMMAND} --only {path.stem} (a full-mode "
        "run), then commit "
        f"{path.name} with {_published_folder(path.stem)}/ (prose edits after "
        "that are merged without running anything)",
        "  - optional: a nav line in mkdocs.yml to choose its place and label",
    ]
    return "\n".join(steps)
