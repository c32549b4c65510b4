// Suggestions under the header search box: an ARIA 1.2 combobox with a listbox of films and
// people, fetched as the visitor types (hangul too, while the IME is still composing). Without
// this script the box is a plain form that opens the full results page.
const form = document.querySelector(".site-search[data-suggest-url]");
const input = document.getElementById("site-search-q");
const DEBOUNCE_MS = 120;
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

// Only addresses on the web are followed, whatever the answer holds.
function webAddress(url) {
  try {
    const address = new URL(url, window.location.href);
    return ["http:", "https:"].includes(address.protocol) ? address.href : null;
  } catch {
    return null;
  }
}

function firstCharacter(text) {
  return Array.from(text || "")[0] || "";
}

function subtitleElement(text) {
  const subtitle = element("span", "suggestion-subtitle", text);
  // Screen readers switch voice for the hangul subtitle of an English page.
  if (HANGUL.test(text) && !document.documentElement.lang.startsWith("ko")) subtitle.lang = "ko";
  return subtitle;
}

function filmThumbnail(film) {
  if (film.poster && film.poster.src) {
    const image = element("img", "suggestion-thumb");
    image.src = film.poster.src;
    image.width = film.poster.width;
    image.height = film.poster.height;
    image.alt = "";
    image.decoding = "async";
    return image;
  }
  const tone = Number.isInteger(film.tone) ? film.tone % 8 : 0;
  const box = element("span", `suggestion-thumb suggestion-placeholder tone-${tone}`);
  box.textContent = firstCharacter(film.subtitle || film.title);
  box.setAttribute("aria-hidden", "true");
  return box;
}

function filmContent(film) {
  const text = element("span", "suggestion-text");
  const title = element("span", "suggestion-title", film.title);
  if (film.year) title.append(element("span", "suggestion-year", ` (${film.year})`));
  text.append(title);
  if (film.subtitle) text.append(subtitleElement(film.subtitle));
  return [filmThumbnail(film), text];
}

function personContent(person) {
  const avatar = element("span", "suggestion-thumb suggestion-avatar", firstCharacter(person.name));
  avatar.setAttribute("aria-hidden", "true");
  const text = element("span", "suggestion-text");
  text.append(element("span", "suggestion-title", person.name));
  if (person.subtitle) text.append(subtitleElement(person.subtitle));
  if (person.known_for) text.append(element("span", "suggestion-known-for", person.known_for));
  return [avatar, text];
}

if (form && input && window.fetch && window.AbortController) {
  const labels = form.dataset;
  const label = form.querySelector("label[for='site-search-q']");
  const plural = new Intl.PluralRules(document.documentElement.lang || "en");

  const listbox = element("div", "search-suggestions");
  listbox.id = "site-search-suggestions";
  listbox.setAttribute("role", "listbox");
  if (label) {
    label.id ||= "site-search-label";
    listbox.setAttribute("aria-labelledby", label.id);
  }
  listbox.hidden = true;
  const status = element("div", "visually-hidden");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  form.append(listbox, status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", listbox.id);
  input.setAttribute("aria-expanded", "false");

  let options = []; // {node, url}, in the order the arrow keys visit them
  let active = -1;
  let shownQuery = null; // the text whose suggestions the listbox holds
  let pendingQuery = null;
  let timer = 0;
  let controller = null;
  let sequence = 0;

  function highlight(index) {
    if (options[active]) options[active].node.setAttribute("aria-selected", "false");
    active = index;
    const option = options[active];
    if (option) {
      option.node.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", option.node.id);
      option.node.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function isOpen() {
    return !listbox.hidden;
  }

  function open() {
    if (!options.length) return;
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    highlight(-1);
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
  }

  function cancel() {
    window.clearTimeout(timer);
    if (controller) controller.abort();
    controller = null;
    pendingQuery = null;
  }

  function forget() {
    cancel();
    close();
    listbox.replaceChildren();
    options = [];
    shownQuery = null;
    status.textContent = "";
  }

  function go(option) {
    const url = webAddress(option.url);
    cancel();
    close();
    if (url) window.location.assign(url);
  }

  function addOption(parent, content, url, className) {
    const node = element("div", `suggestion ${className}`);
    node.id = `site-search-option-${options.length}`;
    node.setAttribute("role", "option");
    node.setAttribute("aria-selected", "false");
    node.append(...content);
    parent.append(node);
    options.push({ node, url });
  }

  function addGroup(key, heading, items, content, className) {
    if (!items.length) return;
    const group = element("div", "suggestion-group");
    group.setAttribute("role", "group");
    const title = element("div", "suggestion-group-label", heading);
    title.id = `site-search-group-${key}`;
    title.setAttribute("role", "presentation");
    group.setAttribute("aria-labelledby", title.id);
    group.append(title);
    for (const item of items) addOption(group, content(item), item.url, className);
    listbox.append(group);
  }

  function show(query, answer) {
    const films = Array.isArray(answer.films) ? answer.films : [];
    const people = Array.isArray(answer.people) ? answer.people : [];
    highlight(-1);
    listbox.replaceChildren();
    options = [];
    shownQuery = query;
    addGroup("films", labels.labelFilms, films, filmContent, "suggestion-film");
    addGroup("people", labels.labelPeople, people, personContent, "suggestion-person");
    const searchUrl = webAddress(answer.search_url);
    if (searchUrl) {
      // The words the results page will search for, which may be a corrected spelling.
      const searched = new URL(searchUrl).searchParams.get("q") || query;
      const text = (labels.labelSearchFor || "%s").replace("%s", searched);
      addOption(listbox, [element("span", "suggestion-text", text)], searchUrl, "suggestion-all");
    }
    const count = films.length + people.length;
    const template = count
      ? labels[`labelCount${plural.select(count) === "one" ? "One" : "Other"}`]
      : labels.labelNone;
    status.textContent = (template || "").replace("%s", count);
    if (document.activeElement === input) open();
    listbox.scrollTop = 0;
  }

  async function fetchSuggestions(query) {
    cancel();
    pendingQuery = query;
    controller = new AbortController();
    const asked = ++sequence;
    const address = new URL(form.dataset.suggestUrl, window.location.href);
    address.searchParams.set("q", query);
    try {
      const response = await fetch(address, {
        headers: { Accept: "application/json" },
        signal: controller.signal,
      });
      // Too many requests (429) or any other refusal: the box quietly offers nothing.
      const answer = response.ok ? await response.json() : null;
      if (asked !== sequence) return; // a later request has been made: this answer is stale
      pendingQuery = null;
      if (answer) show(query, answer);
      else forget();
    } catch {
      if (asked === sequence) pendingQuery = null; // aborted, offline, or not JSON
    }
  }

  function update() {
    const query = input.value.trim();
    window.clearTimeout(timer);
    if (!query) {
      forget();
      return;
    }
    if (query === pendingQuery) return;
    if (query === shownQuery) {
      cancel();
      open();
      return;
    }
    timer = window.setTimeout(() => fetchSuggestions(query), DEBOUNCE_MS);
  }

  // Input events also arrive while a Korean IME composes a syllable: suggestions follow each
  // keystroke. Some browsers send no input event after the composition ends, hence the second.
  input.addEventListener("input", update);
  input.addEventListener("compositionend", update);

  input.addEventListener("keydown", (event) => {
    // Keys pressed while the IME composes belong to the IME (Enter commits the syllable).
    if (event.isComposing || event.keyCode === 229) return;
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp": {
        if (!options.length) {
          if (input.value.trim()) update();
          return;
        }
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        if (!isOpen()) {
          open();
          highlight(step === 1 ? 0 : options.length - 1);
        } else if (active === -1) {
          highlight(step === 1 ? 0 : options.length - 1);
        } else {
          highlight((active + step + options.length) % options.length);
        }
        break;
      }
      case "Enter":
        if (isOpen() && options[active]) {
          event.preventDefault();
          go(options[active]);
        } else {
          cancel(); // the form submits to the full results page
          close();
        }
        break;
      case "Escape":
        // A search input clears itself on Escape; the first Escape only closes the list.
        if (isOpen()) {
          close();
        } else if (input.value) {
          input.value = "";
          forget();
        } else {
          return; // nothing to close here: the Escape is the page's
        }
        event.preventDefault();
        event.stopPropagation();
        break;
      case "Tab":
        cancel();
        close();
        break;
      default:
    }
  });

  // The mouse chooses without taking the focus from the input.
  listbox.addEventListener("mousedown", (event) => event.preventDefault());
  listbox.addEventListener("click", (event) => {
    const node = event.target.closest("[role='option']");
    const option = options.find((candidate) => candidate.node === node);
    if (option) go(option);
  });

  document.addEventListener("pointerdown", (event) => {
    if (isOpen() && !form.contains(event.target)) close();
  });
  input.addEventListener("focus", () => {
    if (input.value.trim() && input.value.trim() === shownQuery) open();
  });
  form.addEventListener("submit", () => {
    cancel();
    close();
  });
  // Coming back with the Back button restores the page as it was left: closed.
  window.addEventListener("pageshow", close);
}
