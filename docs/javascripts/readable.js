/* Readable by everyone, for what CSS cannot do (readable.css does the rest):
   keyboard access to boxes that scroll, and a version selector whose name
   says what it shows. tests/test_browser.py runs axe-core on every page. */
(function () {
  "use strict";

  /* A box that scrolls sideways must be reachable by keyboard (WCAG 2.1.1),
     or a reader without a mouse cannot see what it hides. Material makes its
     own code blocks focusable when they overflow, but not the box it wraps
     each table in at run time (.md-typeset__scrollwrap), nor mkdocs-jupyter's
     code cells (.highlight-ipynb). These get a tab stop while, and only
     while, they scroll (on a narrow screen), as Material's code blocks do. */
  var SCROLL_BOXES = ".md-typeset__scrollwrap, .jupyter-wrapper .highlight-ipynb";

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
    watchScrollBoxes();
    watchVersionSelector();
  });
})();
