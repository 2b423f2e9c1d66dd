// On a phone the pages' row scrolls sideways: bring the open page's link into view.
document.querySelector(".bar nav [aria-current]")?.scrollIntoView({ block: "nearest", inline: "center" });
