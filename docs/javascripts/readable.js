/* Readable by everyone, for what CSS cannot do (readable.css does the rest):
   keyboard access to boxes that scroll, numbers aligned in tables, and a
   version selector whose name says what it shows. tests/test_browser.py runs
   axe-core on every page. */
(function () {
  "use strict";

  /* A box that scrolls sideways must be reachable by keyboard (WCAG 2.1.1),
     or a reader without a mouse cannot see what it hides. Material makes its
     own code blocks focusable when they overflow, but not the box it wraps
     each table in at run time (.md-typeset__scrollwrap), nor mkdocs-jupyter's
     code cells (.highlight-ipynb) and text outputs (pre). These get a tab
     stop while, and only while, they scroll (on a narrow screen), as
     Material's code blocks do. */
  var SCROLL_BOXES = [
    ".md-typeset__scrollwrap",
    ".jupyter-wrapper .highlight-ipynb",
    ".jupyter-wrapper .jp-OutputArea-output pre",
  ].join(", ");

  function updateTabStop(box) {
    if (box.scrollWidth > box.clientWidth) {
      box.setAttribute("tabindex", "0");
    } else {
      box.removeAttribute("tabindex");
    }
  }

  function watchScrollBoxes() {
    var observer = new ResizeObserver(function (entries) {
      entries.forEach(function (entry) {
        updateTabStop(entry.target.closest(SCROLL_BOXES));
      });
    });
    document.querySelectorAll(SCROLL_BOXES).forEach(function (box) {
      observer.observe(box);
      // Its content's size changes (fonts loading) do not resize the box.
      if (box.firstElementChild) {
        observer.observe(box.firstElementChild);
      }
    });
  }

  /* Numbers line up on their decimal places when right-aligned (readable.css
     sets the alignment of cells marked here). The tables are Markdown
     printed by the examples, whose columns carry no alignment: a column is
     numeric when every body cell reads as a number, a signed difference, a
     percentage, a power of ten (2.4e-03), an interval "[a, b]" or a count
     "k of n". */
  var VALUE = "[-+\u2212]?[\\d.,]*\\d(e[-+]?\\d+)?%?";
  var NUMBER = new RegExp(
    "^[[(]?" + VALUE + "(\\s*(,|of|to|\u2013)\\s*" + VALUE + ")?[\\])]?( points| pp)?$"
  );

  function markNumericColumns(table) {
    var rows = Array.prototype.slice.call(table.rows);
    var body = rows.filter(function (row) { return !row.closest("thead"); });
    var columns = rows.length ? rows[0].cells.length : 0;
    for (var column = 0; column < columns; column++) {
      var numeric = body.length > 0 && body.every(function (row) {
        var cell = row.cells[column];
        var text = cell ? cell.textContent.trim() : "";
        return /^[-\u2013\u2014]?$/.test(text) || NUMBER.test(text);
      });
      if (numeric) {
        rows.forEach(function (row) {
          if (row.cells[column]) {
            row.cells[column].setAttribute("data-numeric", "");
          }
        });
      }
    }
  }

  /* The version selector's button shows the version ("2.0") but Material
     names it "Select version" only: a reader using speech input says what
     they see (WCAG 2.5.3, label in name). Its name gets the version first.
     Material adds the selector once it has fetched the versions list. */
  function nameVersionSelector(header) {
    var button = header.querySelector(".md-version__current:not([data-named])");
    if (button) {
      var label = button.getAttribute("aria-label");
      button.setAttribute("aria-label", button.textContent.trim() + ", " + label);
      button.setAttribute("data-named", "");
    }
  }

  function watchVersionSelector() {
    var header = document.querySelector(".md-header");
    if (header) {
      nameVersionSelector(header);
      new MutationObserver(function () {
        nameVersionSelector(header);
      }).observe(header, { childList: true, subtree: true });
    }
  }

  // Material's document$ emits each page once its components, and so the
  // table boxes, are in place; this script loads after Material's bundle.
  document$.subscribe(function () {
    document.querySelectorAll(".md-typeset table:not([class])").forEach(markNumericColumns);
    watchScrollBoxes();
    watchVersionSelector();
  });
})();
