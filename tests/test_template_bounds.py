"""Templates are bounded: no loop, recursion or growing text can hold a batch (the red-team list).

Each attack here ran for hours, built a text of up to 134 million characters or ended in a
traceback; now each stops with a message (see :mod:`toolkit.render.bounds`).
"""

from __future__ import annotations

import pytest
from jinja2.exceptions import SecurityError

from conftest import MINIMAL
from docx import Document
from toolkit.casefile import load_case
from toolkit.exceptions import TemplateProblem
from toolkit.render import bounds
from toolkit.render.documents import INDSATSPLAN, render_document
from toolkit.render.jinja import environment


@pytest.fixture(autouse=True)
def small_budget(monkeypatch):
    """The same checks with a smaller step budget, so the loop attacks stop in a tenth of the time."""
    monkeypatch.setattr(bounds, "MAX_STEPS", 100_000)


ATTACKS = {
    "ljust": "{{ 'x'.ljust(10**8) }}",
    "format_nested": "{{ '{:>{w}}'.format('x', w=10**8) }}",
    "percent_named": "{{ '%(a)99999999s' % {'a': 'x'} }}",
    "percent_prec": "{{ '%.99999999f' % 1.0 }}",
    "replace_doubling": "{% set ns = namespace(x='ab') %}{% for i in range(40) %}{% set ns.x = ns.x.replace('a', ns.x) %}{% endfor %}{{ ns.x|length }}",
    "join_doubling": "{% set ns = namespace(x='ab') %}{% for i in range(40) %}{% set ns.x = ns.x.join([ns.x, ns.x]) %}{% endfor %}{{ ns.x|length }}",
    "tilde_doubling": "{% set ns = namespace(x='ab') %}{% for i in range(40) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ ns.x|length }}",
    "plus_doubling": "{% set ns = namespace(x=['a']) %}{% for i in range(40) %}{% set ns.x = ns.x + ns.x %}{% endfor %}{{ ns.x|length }}",
    "setblock_doubling": "{% set ns = namespace(x='ab') %}{% for i in range(40) %}{% set y %}{{ ns.x }}{{ ns.x }}{% endset %}{% set ns.x = y %}{% endfor %}{{ ns.x|length }}",
    "macro_doubling": "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s|length }}{% endif %}{% endmacro %}{{ d('ab', 40) }}",
    "nested_string_loops": "{% set s = 'x' * 50000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
    "nested_list_loops": "{% set s = [1] * 50000 %}{% for a in s %}{% for b in s %}{{ '' }}{% endfor %}{% endfor %}",
    "extend": "{% set l = ['x'] %}{% for i in range(40) %}{% set _ = l.extend(l) %}{% endfor %}{{ l|length }}",
    "list_of_big": "{% set s = 'x' * 100000 %}{{ [s] * 100000 }}",
    "join_filter": "{% set s = 'x' * 100000 %}{{ ([s] * 100000)|join }}",
    "sum": "{% set s = [1] * 100000 %}{{ ([s] * 100000)|sum(start=[])|length }}",
    "indent": "{% set s = 'x\n' * 50000 %}{{ s|indent(1000) }}",
    "indent_str": "{% set s = 'x\n' * 50000 %}{{ s|indent('y' * 50000) }}",
    "wordwrap": "{{ ('x' * 100000)|wordwrap(1, wrapstring='y' * 100000) }}",
    "translate": "{{ ('x' * 100000).translate({120: 'y' * 100000}) }}",
    "expandtabs": "{{ ('\t' * 100000).expandtabs(100000) }}",
    "batch": "{{ [1]|batch(10**8, 'x')|list }}",
    "bigint": "{% set ns = namespace(x=3) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}{% endfor %}{{ ns.x > 1 }}",
    "concat_list": "{% set s = 'x' * 100000 %}{{ 'a' ~ ([s] * 100000) }}",
    "output_flood": "{% set s = 'x' * 100000 %}{% for i in range(100000) %}{{ s }}{% endfor %}",
    "tojson": "{% set s = 'x' * 100000 %}{{ ([s] * 100000)|tojson }}",
    "string_filter": "{% set s = 'x' * 100000 %}{{ ([s] * 100000)|string }}",
    "fmt_filter": "{{ '%s'|format(['x' * 100000] * 100000) }}",
    "center": "{{ 'x'|center(10**8) }}",
}


@pytest.mark.parametrize("name", ATTACKS)
def test_a_hostile_template_stops_with_a_message(name):
    with pytest.raises(SecurityError):
        environment().from_string(ATTACKS[name]).render()


@pytest.mark.parametrize("source, expected", [
    ("{% for a in ['x', 'y'] %}{{ a|upper }}{% endfor %}", "XY"),
    ("{{ '%05d'|format(3) }} {{ '{:>5}'.format('z') }} {{ '%-4s|' % 'ab' }}", "00003 z ab  |"),
    ("{{ ['a', 'b']|join(', ') }} {{ 'a b'.replace(' ', '-') }} {{ 'x'.ljust(3, '.') }}", "a, b a-b x.."),
    ("{% macro tree(n) %}{% if n %}{{ n }}{{ tree(n - 1) }}{% endif %}{% endmacro %}{{ tree(3) }}", "321Ikke oplyst"),
    ("{% set ns = namespace(t='') %}{% for i in range(3) %}{% set ns.t = ns.t ~ i %}{% endfor %}{{ ns.t }}", "012"),
    ("{% set t %}{{ 'ab' }}{% endset %}{{ t ~ t }}", "abab"),
])
def test_ordinary_templates_still_render(source, expected):
    assert environment().from_string(source).render() == expected


def test_the_budget_covers_loops_over_lists_and_macros_not_only_range():
    source = "{% macro m(xs) %}{% for x in xs %}{% endfor %}{% endmacro %}" \
             "{% set xs = [1] * 2000 %}{% for y in xs %}{{ m(xs) }}{% endfor %}"
    with pytest.raises(SecurityError, match="trin"):
        environment().from_string(source).render()


def test_a_hostile_template_names_the_template_and_recursion_is_a_message(case_file, tmp_path):
    case = load_case(case_file(MINIMAL))
    for text, message in [("{{ 'x'.ljust(10**8) }}", "laver en tekst eller liste på over 100.000 tegn"),
                          ("{% for a in borger.navn * 5000 %}{% for b in borger.navn * 5000 %}{% endfor %}"
                           "{% endfor %}", "trin"),
                          ("{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}", "RecursionError")]:
        document = Document()
        document.add_paragraph(text)
        document.save(tmp_path / "kommune.docx")
        with pytest.raises(TemplateProblem, match=f"kommune.docx: .*{message}"):
            render_document(case, INDSATSPLAN, template=tmp_path / "kommune.docx")
