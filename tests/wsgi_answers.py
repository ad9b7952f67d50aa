"""Calling a WSGI application in-process, as gunicorn calls it."""


def answer_of(app, environ: dict) -> tuple[str, list[tuple[str, str]], bytes]:
    """(status line, headers in order, body) of `app`'s answer to `environ`, closed as a
    server closes it after the last byte."""
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = status, list(response_headers)

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return answer["status"], answer["headers"], body
