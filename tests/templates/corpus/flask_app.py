"""The byte-parity corpus rendered by real Flask: prints every case's status and body as JSON.

Run as /usr/bin/python3 flask_app.py (Debian's python3-flask); tests/templates/corpus.test.ts
renders the same cases with Phial and compares the bytes.
"""
import json
import os
import sys

from flask import Blueprint, Flask, flash, g, render_template, session

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "cases.json"), encoding="utf-8") as f:
    CORPUS = json.load(f)

app = Flask("corpus", root_path=HERE)
app.secret_key = "corpus"
app.config["GREETING"] = "Hello from config"


@app.template_filter("shout")
def shout(s, end="!"):
    return str(s).upper() + end


@app.template_global("site_name")
def site_name():
    return "Corpus & Co"


@app.context_processor
def processor():
    return {"who": "processor", "processed": "yes", "year": 2024}


def render_case(number):
    case = CORPUS["cases"][number]
    for key, value in case.get("session", {}).items():
        session[key] = value
    for category, message in case.get("flashes", []):
        flash(message, category)
    g.visitor = "guest"
    return render_template(case["template"], **{**CORPUS["common"], **case.get("vars", {})})


@app.route("/")
def index():
    return "index"


@app.route("/user/<name>")
def user(name):
    return name


@app.route("/case/<int:number>")
def case(number):
    return render_case(number)


admin = Blueprint("admin", "corpus_admin", url_prefix="/admin", template_folder="admin_templates", root_path=HERE)


@admin.route("/panel")
def panel():
    return render_case(next(i for i, item in enumerate(CORPUS["cases"]) if item.get("path") == "/admin/panel"))


app.register_blueprint(admin)

results = []
for number, item in enumerate(CORPUS["cases"]):
    client = app.test_client()
    path = item.get("path", f"/case/{number}")
    query = item.get("query")
    response = client.get(path + (f"?{query}" if query else ""))
    results.append({"status": response.status_code, "body": response.get_data(as_text=True)})
sys.stdout.write(json.dumps(results))
