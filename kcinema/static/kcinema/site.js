// Folds the main navigation into one menu button on narrow screens. Without this script the
// navigation simply stays open, so every link works without JavaScript.
const button = document.querySelector(".menu-button");
const nav = document.getElementById("site-nav");
const narrow = window.matchMedia("(max-width: 48rem)");
const genres = nav?.querySelector(".genre-menu details");

function setOpen(open) {
  nav.classList.toggle("open", open);
  button.setAttribute("aria-expanded", String(open));
  // The button says what pressing it does: "Menu" to open, "Close" to close.
  button.textContent = open ? button.dataset.closeLabel : button.dataset.openLabel;
  if (!open && genres) genres.open = false;
}

function fold() {
  const folded = narrow.matches;
  button.hidden = !folded;
  nav.classList.toggle("folded", folded);
  setOpen(false);
}

if (button && nav) {
  fold();
  narrow.addEventListener("change", fold);
  // The genres stay folded inside the open menu: one more tap opens them.
  button.addEventListener("click", () => setOpen(!nav.classList.contains("open")));
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    if (genres?.open) {
      genres.open = false;
      genres.querySelector("summary").focus();
    } else if (nav.classList.contains("open")) {
      setOpen(false);
      button.focus();
    }
  });
}

// The genre list closes when the visitor clicks or taps anywhere outside it.
if (genres) {
  document.addEventListener("click", (event) => {
    if (genres.open && !genres.contains(event.target)) genres.open = false;
  });
}
