// Share row enhancements: the browser's own share sheet (which lists KakaoTalk and the other
// apps on a phone) where the Web Share API exists, and a copy-link button. The plain links work
// without this script.
const native = document.querySelector(".share-native");
if (native && navigator.share) {
  native.hidden = false;
  native.addEventListener("click", () => {
    navigator.share({ title: native.dataset.shareTitle, url: native.dataset.shareUrl }).catch(() => {});
  });
}

const copy = document.querySelector(".copy-link");
const field = document.getElementById("share-url");
if (copy && field && navigator.clipboard) {
  copy.hidden = false;
  copy.addEventListener("click", async () => {
    await navigator.clipboard.writeText(field.value);
    const label = copy.textContent;
    copy.textContent = copy.dataset.copied;
    setTimeout(() => { copy.textContent = label; }, 2000);
  });
}
