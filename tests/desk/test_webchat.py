"""The buyers' web chat page is served from files, with a policy that allows only the desk's own."""

import requests


def test_the_chat_page_and_its_files(desk):
    page = requests.get(f"{desk.url}/chat", timeout=10)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'self'" in policy  # see test_webchat_sessions
    assert "<script" in page.text and "/chat/assets/chat.js" in page.text and "<style" not in page.text
    script = requests.get(f"{desk.url}/chat/assets/chat.js", timeout=10)
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "dataset.endpoint" in script.text
    style = requests.get(f"{desk.url}/chat/assets/chat.css", timeout=10)
    assert style.status_code == 200 and style.headers["content-type"].startswith("text/css")


def test_only_the_chat_pages_own_files_are_served(desk):
    for name in ("chat.html", "__init__.py", "..%2F__init__.py", "app.js"):
        assert requests.get(f"{desk.url}/chat/assets/{name}", timeout=10).status_code == 404, name
