"""Boilerplate removal on saved pages, measured: ficbind's own rules against readability-lxml and
jusText (neither is a dependency: `pip install readability-lxml lxml-html-clean justext` to run
this). The truth is the words of the story's own container in each page of
tests/read/html/; measured are the share of them each method keeps and how many words of
the page's navigation, reviews, comments and footer it keeps too.

    .venv/bin/python bench/boilerplate.py
"""
import re
import time
from collections import Counter
from pathlib import Path
import lxml.html
from compiler.read.archives import read_html
from compiler.read.pages import any_page as _any_page
from compiler.read.html import parse_html, plain

W = re.compile(r"[^\W_]+")
def words(t): return Counter(w.casefold() for w in W.findall(t))
def strip_tags(t): return re.sub(r"</?[ib]>", "", t)

CASES = {
    "fanfiction-net-saved.html": ("//*[@id='storytext']", "//*[@id='top' or @id='review' or @id='p_footer' or @id='pre_story_links']"),
    "livejournal-entry.html": ("//*[contains(@class,'entry-content')]", "//*[@id='comments' or contains(@class,'s-header') or contains(@class,'s-footer') or contains(@class,'b-singlepost-tags')]"),
    "efiction-saved.html": ("//*[@id='story']", "//*[@id='menu' or @id='sidebar' or @id='reviewsbox' or @id='footer']"),
    "ao3-download.html": ("//*[@id='chapters']", "//*[contains(@class,'message') or contains(@class,'endnote-link')]"),
}
def score(truth, got, boiler):
    kept = sum((truth & got).values()); junk = sum((got & (boiler - truth)).values())
    return f"story words kept {kept/sum(truth.values()):6.1%}   page words kept {junk:3d} of {sum((boiler - truth).values()):3d}"

for name, (xp, bp) in CASES.items():
    html = (Path(__file__).resolve().parents[1] / "tests" / "read" / "html" / name).read_text()
    root = parse_html(html)
    truth = words(plain(root.xpath(xp)[0]))
    boiler = sum((words(plain(e)) for e in root.xpath(bp)), Counter())
    print(name, "story words", sum(truth.values()))
    t=time.time(); ours = words(strip_tags(read_html(html).text)); a=time.time()-t
    print(f"  ficbind (site rules)  {score(truth, ours, boiler)}  {a*1000:.0f} ms")
    body = root.find('.//body')
    t=time.time(); generic = words(strip_tags(_any_page(root, body).text)); a=time.time()-t
    print(f"  ficbind (any page)    {score(truth, generic, boiler)}  {a*1000:.0f} ms")
    from readability import Document
    t=time.time(); summary = Document(html).summary(); a=time.time()-t
    rd = words(lxml.html.fromstring(summary).text_content())
    print(f"  readability-lxml      {score(truth, rd, boiler)}  {a*1000:.0f} ms")
    import justext
    t=time.time(); paras = justext.justext(html.encode(), justext.get_stoplist("English")); a=time.time()-t
    jt = words(" ".join(p.text for p in paras if not p.is_boilerplate))
    print(f"  jusText               {score(truth, jt, boiler)}  {a*1000:.0f} ms")
