// Folds the main navigation into one menu button on narrow screens. Without this script the
// navigation simply stays open, so every link works without JavaScript.
const button = document.querySelector(".menu-button");
const nav = document.getElementById("site-nav");
const narrow = window.matchMedia("(max-width: 48rem)");

function fold() {
  const folded = narrow.matches;
  button.hidden = !folded;
  nav.classList.toggle("folded", folded);
  nav.classList.remove("open");
  button.setAttribute("aria-expanded", "false");
}

if (button && nav) {
  fold();
  narrow.addEventListener("change", fold);
  button.addEventListener("click", () => {
    const open = nav.classList.toggle("open");
    button.setAttribute("aria-expanded", String(open));
    const genres = nav.querySelector(".genre-menu details");
    if (genres) genres.open = open;
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && nav.classList.contains("open")) {
      nav.classList.remove("open");
      button.setAttribute("aria-expanded", "false");
      button.focus();
    }
  });
}
