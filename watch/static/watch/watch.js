// The click-to-play player. Until the visitor presses play, the page shows only a facade made
// of the catalogue's own poster: not one byte is asked of the video host. Without JavaScript the
// facade is a link to the source's own page, which holds the player.
const facades = new WeakMap();

function play(facade) {
  const frame = document.createElement("iframe");
  frame.className = "player-frame";
  frame.src = facade.dataset.embedSrc;
  frame.title = facade.dataset.title;
  frame.loading = "lazy";
  frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
  frame.referrerPolicy = "strict-origin-when-cross-origin"; // YouTube refuses to play without it
  frame.allowFullscreen = true;
  facades.set(frame, facade);
  facade.replaceWith(frame);
  frame.focus();
  // Once playing, the visitor may rather watch on the host's own page.
  const watchOn = frame.closest("[data-source-panel]")?.querySelector("[data-watch-on]");
  if (watchOn) watchOn.hidden = false;
}

function stop(panel) {
  const frame = panel.querySelector("iframe.player-frame");
  if (frame && facades.has(frame)) frame.replaceWith(facades.get(frame));
}

function select(player, tabs, sourceId) {
  for (const panel of player.querySelectorAll("[data-source-panel]")) {
    const chosen = panel.dataset.sourcePanel === sourceId;
    if (!chosen) stop(panel);
    panel.hidden = !chosen;
  }
  for (const tab of tabs.querySelectorAll("a[data-source]")) {
    if (tab.dataset.source === sourceId) tab.setAttribute("aria-current", "true");
    else tab.removeAttribute("aria-current");
  }
}

for (const player of document.querySelectorAll("[data-player]")) {
  // With JavaScript the facade acts as a button: Enter (a link's own key) and Space both play.
  for (const facade of player.querySelectorAll("a.facade[data-embed-src]")) {
    facade.setAttribute("role", "button");
  }
  player.addEventListener("click", (event) => {
    const facade = event.target.closest("a.facade[data-embed-src]");
    if (!facade) return;
    event.preventDefault();
    play(facade);
  });
  player.addEventListener("keydown", (event) => {
    const facade = event.target.closest("a.facade[data-embed-src]");
    if (!facade || (event.key !== " " && event.key !== "Spacebar")) return;
    event.preventDefault(); // not a page scroll
    play(facade);
  });
  const tabs = player.parentElement.querySelector(".source-tabs");
  if (tabs) {
    tabs.addEventListener("click", (event) => {
      const tab = event.target.closest("a[data-source]");
      if (!tab) return;
      event.preventDefault();
      select(player, tabs, tab.dataset.source);
      history.replaceState(null, "", tab.href);
    });
  }
}
