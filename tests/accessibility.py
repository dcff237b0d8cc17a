"""axe-core in a Playwright page: WCAG 2 A/AA violations, told so they can be fixed.

axe-core is an npm package (package.json pins it; `make test` runs `npm ci`),
read from node_modules/ and injected into the page as a local script: the
test never fetches it from a CDN.
"""

from checkout import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SHOWN_TARGETS = 6  # elements named per violation; the count says how many more

# Only what a report needs crosses back from the browser: axe's full results
# carry every node's HTML and every check's data.
RUN_AXE = """async tags => {
    const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    return results.violations.map(violation => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map(node => node.target.join(" ")),
    }));
}"""


def violations(page, tags=WCAG_AA):
    """axe's violations of `tags` on the page as it is now, one dict per rule."""
    if not AXE.is_file():
        raise FileNotFoundError(f"{AXE} is missing: run `npm ci` (or `make test`)")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, tags)


def describe(found):
    """One line per (page, rule): where, which rule, how bad, and which elements.

    `found` maps a label (page and scheme) to that page's violations.
    """
    lines = []
    for where, rules in found.items():
        for rule in rules:
            targets = rule["targets"]
            shown = ", ".join(targets[:SHOWN_TARGETS])
            more = len(targets) - SHOWN_TARGETS
            lines.append(
                f"{where}: {rule['id']} ({rule['impact']}, {len(targets)} elements: "
                f"{rule['help']}): {shown}" + (f" and {more} more" if more > 0 else "")
            )
    return lines
