"""Accessibility checks the browser tests run on a page (quality.md): axe-core, as
package-lock.json pins it (`make test` installs it, see js_packages.py), and the absence
of horizontal scrolling on a phone."""

import os
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def _axe_source() -> str:
    if not AXE.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("axe-core is missing: `make test` installs it (tests/e2e/js_packages.py)")
        pytest.skip("axe-core is not installed (make test installs it)")
    return AXE.read_text()


def serious_violations(page) -> list[dict]:
    """axe's serious and critical violations on the page as it is now.

    The script goes in through `evaluate`, which the page's CSP (`script-src 'self'`)
    does not govern, so the page under test keeps its real policy."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    results = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
            }));
        }"""
    )
    return [violation for violation in results if violation["impact"] in SERIOUS]


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate(
        "() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
    )


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {node['target']}: {node['summary']}" for node in v["nodes"][:5])
        for v in violations
    )
