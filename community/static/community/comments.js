// Comments without a page reload: the browser solves the proof-of-work challenge (ALTCHA v1:
// find the number whose SHA-256 with the salt gives the challenge), remembers the commenter's
// name and e-mail if asked, moves the form under the comment being answered, and posts with
// fetch. Without this script the form posts normally and asks for the film's year instead.
// On the film page, which caches keep for every visitor alike, the form carries no token of
// anyone's and stays hidden behind a "Write a comment" link to a page of its own: this script
// shows it, and fetches the visitor's tokens (CSRF, and when the form was begun) from
// data-token-url before the first post.
import { canSolve, solve } from "../shield/proof_of_work.js";

const form = document.getElementById("comment-form");

if (form && canSolve && window.fetch) {
  const tokenUrl = form.dataset.tokenUrl;
  let tokens = null;
  function fetchTokens() {
    tokens = fetch(tokenUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then((values) => {
        for (const [name, value] of Object.entries(values)) form.elements[name].value = value;
      })
      .catch((error) => { tokens = null; throw error; });
    return tokens;
  }
  if (tokenUrl) {
    form.hidden = false;
    const write = form.parentElement.querySelector(".comment-write");
    if (write) write.hidden = true;
    form.addEventListener("focusin", () => { if (!tokens) fetchTokens().catch(() => {}); });
  }
  const status = form.querySelector(".form-status");
  const proof = form.elements.proof_of_work;
  const parent = form.elements.parent;
  const replying = form.querySelector(".replying-to");
  const home = form.parentElement;
  const saved = ["name", "email", "website"];
  let solving = null;

  function prepare() {
    solving = fetch(form.dataset.challengeUrl, { headers: { Accept: "application/json" } })
      .then((response) => response.json())
      .then(solve)
      .then((payload) => { proof.value = payload; })
      .catch(() => { solving = null; });
    return solving;
  }

  const remembered = JSON.parse(localStorage.getItem("kcinema-commenter") || "null");
  if (remembered) {
    for (const field of saved) if (remembered[field]) form.elements[field].value = remembered[field];
    form.elements.remember.checked = true;
  }
  form.addEventListener("focusin", () => { if (!solving) prepare(); });

  function cancelReply() {
    parent.value = "";
    replying.hidden = true;
    home.insertBefore(form, home.querySelector(".comment-form-home") || null);
  }
  replying.querySelector(".cancel-reply").addEventListener("click", cancelReply);

  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-reply-to]");
    if (!link) return;
    event.preventDefault();
    parent.value = link.dataset.replyTo;
    replying.querySelector("span").textContent = `${link.textContent} · ${link.dataset.replyName}`;
    replying.hidden = false;
    link.closest("article").after(form);
    form.elements.body.focus();
  });

  // Each field's errors beside it (and in the status line, by the fields' names).
  function showErrors(errors) {
    for (const old of form.querySelectorAll(".field-errors")) old.remove();
    for (const input of form.querySelectorAll("[aria-invalid]")) {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
    const named = [];
    for (const [name, messages] of Object.entries(errors)) {
      const input = form.elements[name];
      if (!input || !input.id || input.type === "hidden") continue;
      const list = document.createElement("ul");
      list.className = "errorlist field-errors";
      list.id = `${input.id}-errors`;
      for (const message of messages) {
        const item = document.createElement("li");
        item.textContent = message;
        list.append(item);
      }
      input.before(list);
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", list.id);
      named.push(input);
    }
    if (named.length) named[0].focus();
    return named;
  }

  function labelOf(input) {
    return form.querySelector(`label[for="${input.id}"]`).textContent.replace(/\s*\*\s*$/, "");
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    // Empty required fields are named at once, before any proof of work or request.
    const missing = [...form.querySelectorAll("[required]")].filter((input) => !input.value.trim());
    if (missing.length) {
      showErrors(Object.fromEntries(missing.map((input) => [input.name, [form.dataset.required]])));
      status.textContent = `${form.dataset.missing} ${missing.map(labelOf).join(", ")}`;
      return;
    }
    showErrors({});
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    status.textContent = status.dataset.working || "…";
    try {
      if (tokenUrl) await (tokens || fetchTokens());
      if (!proof.value) await (solving || prepare());
      if (form.elements.remember.checked) {
        const entry = Object.fromEntries(saved.map((field) => [field, form.elements[field].value]));
        localStorage.setItem("kcinema-commenter", JSON.stringify(entry));
      } else {
        localStorage.removeItem("kcinema-commenter");
      }
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
      });
      const result = await response.json();
      proof.value = "";
      solving = null;
      if (!response.ok) {
        const fields = showErrors(result.errors || {});
        const unplaced = Object.entries(result.errors || {})
          .filter(([name]) => !fields.some((input) => input.name === name))
          .flatMap(([, messages]) => messages);
        status.textContent = [result.message, ...unplaced].filter(Boolean).join(" ");
        return;
      }
      const list = result.parent
        ? document.querySelector(`#comment-${result.parent} > .replies`)
        : document.querySelector(".comment-list");
      list.insertAdjacentHTML("beforeend", result.html);
      form.elements.body.value = "";
      if (result.parent) cancelReply();
      status.textContent = "";
      document.getElementById(`comment-${result.id}`).scrollIntoView({ block: "nearest" });
    } catch {
      status.textContent = status.dataset.failed || "!";
    } finally {
      button.disabled = false;
    }
  });
}
