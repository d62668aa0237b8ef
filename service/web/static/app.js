// Callplan's review pages: a little script over server-rendered HTML. Without it every form
// still works (a full page load each time); with it, forms marked data-fragment swap in the
// part that changed, uploads show progress, jobs are followed, and the review page has keys.
"use strict";

const csrf = () => document.querySelector('meta[name="csrf-token"]').content;
const live = (text) => { const el = document.getElementById("live"); if (el) { el.textContent = ""; el.textContent = text; } };
const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

async function post(url, body, extraHeaders = {}) {
  const response = await fetch(url, {
    method: "POST", body, credentials: "same-origin",
    headers: { "X-Fragment": "1", "X-CSRF-Token": csrf(), ...extraHeaders },
  });
  return { status: response.status, text: await response.text() };
}

function replaceWith(old, html) {
  const holder = document.createElement("div");
  holder.innerHTML = html.trim();
  const fresh = holder.firstElementChild;
  old.replaceWith(fresh);
  return fresh;
}

// ---- Forms that answer with a fragment (a suggestion's card, a job) -------------------------
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!form.matches("form[data-fragment]")) return;
  event.preventDefault();
  const target = form.dataset.target ? document.querySelector(form.dataset.target) : form.closest(".card");
  const body = new FormData(form, event.submitter);
  target.classList.add("busy");
  let answer;
  try {
    answer = await post(form.action, body);
  } catch (error) {
    target.classList.remove("busy");
    showCardError(target, "The server could not be reached; nothing was lost: try again.");
    return;
  }
  target.classList.remove("busy");
  if (answer.status === 401 || answer.status === 403 || !answer.text.trim().startsWith("<")) {
    showCardError(target, answer.status === 401
      ? "You were signed out. Sign in again in another tab, then retry: what you typed is still here."
      : answer.text);
    return;
  }
  const fresh = replaceWith(target, answer.text);
  if (fresh.classList.contains("card")) afterCardChange(fresh, answer.status, form.classList.contains("undo"));
  else follow(fresh);
});

function showCardError(card, text) {
  let box = card.querySelector(".script-error");
  if (!box) {
    box = document.createElement("p");
    box.className = "field-error script-error";
    box.setAttribute("role", "alert");
    card.prepend(box);
  }
  box.textContent = text;
}

function afterCardChange(card, status, undone) {
  updateCounts();
  const title = card.querySelector("h3, .decided span[id]");
  if (status >= 400) {
    const invalid = card.querySelector('[aria-invalid="true"]');
    (invalid || card).focus();
    live(card.querySelector(".conflict, .field-error")?.textContent.trim() || "Not saved.");
    return;
  }
  const decided = card.dataset.status !== "pending";
  const said = decided ? card.dataset.status.replace(/^./, (c) => c.toUpperCase()) : undone ? "Undone, pending again" : "Saved";
  live(said + ": " + (title ? title.textContent.trim() : ""));
  if (decided) { lastDecided = card; moveFrom(card, 1); } else select(card);
}

function updateCounts() {
  const pending = document.querySelectorAll('.review-main .card[data-status="pending"]').length;
  const counter = document.getElementById("pending-count");
  if (counter) counter.textContent = pending;
  document.querySelectorAll("[data-pending-count]").forEach((el) => { el.textContent = pending; });
  const picked = document.getElementById("picked-count");
  if (picked) picked.textContent = document.querySelectorAll(".pick:checked").length;
}

// ---- Keyboard: j/k move, a accept, e edit, r reject, u undo, x select, p play, Esc close ----
const cards = () => [...document.querySelectorAll('.review-main .card[data-status="pending"]')];
let current = null;
let lastDecided = null; // "u" takes the last decision back

function select(card) {
  if (!card) return;
  document.querySelectorAll(".card.current").forEach((c) => c.classList.remove("current"));
  current = card;
  card.classList.add("current");
  card.focus({ preventScroll: true });
  card.scrollIntoView({ block: "nearest", behavior: "smooth" });
}

function moveFrom(card, step) {
  const all = [...document.querySelectorAll('.review-main .card')];
  let i = all.indexOf(card);
  for (i += step; i >= 0 && i < all.length; i += step) {
    if (all[i].dataset.status === "pending") return select(all[i]);
  }
  const rest = cards();
  if (rest.length) select(rest[0]); else live("Nothing left to review.");
}

function open(card, which) {
  const details = card.querySelector(`details.${which}`);
  if (!details) return;
  details.open = true;
  const field = details.querySelector("input:not([type=hidden]), select, textarea");
  if (field) field.focus();
}

document.addEventListener("focusin", (event) => {
  const card = event.target.closest?.(".review-main .card");
  if (card && card !== current) {
    document.querySelectorAll(".card.current").forEach((c) => c.classList.remove("current"));
    current = card;
    card.classList.add("current");
  }
});

document.addEventListener("keydown", (event) => {
  if (!document.querySelector(".review-main")) return;
  if (event.ctrlKey || event.metaKey || event.altKey) {
    if (event.key === "Enter" && event.target.tagName === "TEXTAREA" && event.target.form) {
      event.preventDefault();
      event.target.form.requestSubmit();
    }
    return;
  }
  if (event.key === "Escape") {
    const card = event.target.closest?.(".card") || current;
    if (card) { card.querySelectorAll("details[open]").forEach((d) => { d.open = false; }); select(card); }
    return;
  }
  if (typing(event.target)) return;
  const card = current && document.body.contains(current) ? current : null;
  const act = {
    j: () => (card ? moveFrom(card, 1) : select(cards()[0])),
    k: () => (card ? moveFrom(card, -1) : select(cards()[0])),
    a: () => card?.querySelector('[data-act="accept"]')?.click(),
    e: () => card && open(card, "edit"),
    r: () => card && open(card, "reject"),
    x: () => { const box = card?.querySelector(".pick"); if (box) { box.checked = !box.checked; updateCounts(); } },
    p: () => card?.querySelector(".play")?.click(),
    u: () => {
      const decided = card && card.dataset.status !== "pending" ? card : lastDecided;
      if (decided && document.body.contains(decided)) decided.querySelector('[data-act="undo"]')?.click();
    },
  }[event.key];
  if (act) { event.preventDefault(); act(); }
});

document.addEventListener("change", (event) => { if (event.target.matches(".pick")) updateCounts(); });

// ---- The recording: a quote's button plays the call from there -----------------------------
document.addEventListener("click", (event) => {
  const button = event.target.closest(".play");
  if (!button) return;
  const player = document.getElementById("player");
  const start = parseFloat(button.dataset.start) || 0;
  player.hidden = false;
  const seek = () => { player.currentTime = start; player.play().catch(() => {}); };
  if (player.getAttribute("src") !== button.dataset.src) {
    player.setAttribute("src", button.dataset.src);
    player.addEventListener("loadedmetadata", seek, { once: true });
    player.load();
  } else if (player.readyState >= 1) seek();
  else player.addEventListener("loadedmetadata", seek, { once: true });
  live(`Playing from ${button.textContent.replace("▶", "").trim()}`);
});

// ---- Copy a share link -----------------------------------------------------------------------
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const input = document.getElementById(button.dataset.copy);
  try { await navigator.clipboard.writeText(input.value); }
  catch { input.select(); document.execCommand("copy"); }
  button.textContent = "Copied";
  live("Link copied");
});

// ---- Upload: drop or choose a file, post it with progress, then follow the job --------------
function people(text) {
  return text.split("\n").map((line) => line.split(",").map((p) => p.trim())).filter((p) => p[0])
    .map(([name, side, ...title]) => ({ name, side: (side || "unknown").toLowerCase(), title: title.join(", ") || null }));
}

function setupUpload(section) {
  const form = section.querySelector(".upload-form");
  const input = section.querySelector('input[type="file"]');
  const zone = section.querySelector(".dropzone");
  const error = section.querySelector(".upload-error");
  const bar = section.querySelector(".upload-progress");
  ["dragenter", "dragover"].forEach((name) => section.addEventListener(name, (e) => { e.preventDefault(); zone.classList.add("dragging"); }));
  ["dragleave", "drop"].forEach((name) => section.addEventListener(name, (e) => { e.preventDefault(); zone.classList.remove("dragging"); }));
  section.addEventListener("drop", (e) => {
    if (!e.dataTransfer.files.length) return;
    input.files = e.dataTransfer.files;
    live(`Chosen: ${input.files[0].name}. Check the date, then upload.`);
    form.querySelector('input[name="call_date"]').focus();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    error.hidden = true;
    if (!input.files.length) { return fail("Choose a recording or transcript first (or drop it here)."); }
    const date = form.querySelector('input[name="call_date"]').value;
    if (!date) { return fail("Give the call's date: spoken dates (\"by Friday\") are read from it."); }
    const data = new FormData();
    data.append("file", input.files[0]);
    data.append("call_date", date);
    data.append("participants", JSON.stringify(people(form.querySelector("textarea").value)));
    const xhr = new XMLHttpRequest();
    xhr.open("POST", section.dataset.upload);
    xhr.setRequestHeader("X-CSRF-Token", csrf());
    xhr.setRequestHeader("X-Fragment", "1");
    xhr.setRequestHeader("Idempotency-Key", crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());
    bar.hidden = false;
    const progress = bar.querySelector("progress");
    const label = bar.querySelector("label");
    xhr.upload.onprogress = (e) => {
      if (!e.lengthComputable) return;
      const pct = Math.round((100 * e.loaded) / e.total);
      progress.value = pct; label.textContent = `Uploading ${input.files[0].name}: ${pct}%`;
    };
    xhr.onerror = () => { bar.hidden = true; fail("The upload did not reach the server; try again."); };
    xhr.onload = async () => {
      bar.hidden = true;
      if (xhr.status >= 300) return fail(xhr.responseText || `Upload refused (${xhr.status}).`);
      const accepted = JSON.parse(xhr.responseText);
      form.reset();
      form.querySelector('input[name="call_date"]').value = date;
      const holder = document.createElement("div");
      section.querySelector(".jobs").prepend(holder);
      holder.dataset.poll = section.dataset.jobs + accepted.job.id;
      live("Uploaded; processing the call.");
      follow(holder);
    };
    xhr.send(data);
  });
  function fail(text) { error.textContent = text; error.hidden = false; error.focus?.(); live(text); }
}

// ---- Jobs: ask for the fragment again until the job is done or failed -------------------------
function follow(element) {
  if (!element.dataset.poll) return;
  setTimeout(async () => {
    try {
      const response = await fetch(element.dataset.poll, { headers: { "X-Fragment": "1" }, credentials: "same-origin" });
      if (response.status !== 200) { element.dataset.poll && setTimeout(() => follow(element), 3000); return; }
      const fresh = replaceWith(element, await response.text());
      if (!fresh.dataset.poll) live(fresh.textContent.replace(/\s+/g, " ").trim());
      follow(fresh);
    } catch { setTimeout(() => follow(element), 3000); }
  }, element.classList.contains("job") ? 1000 : 0);
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("section.upload").forEach(setupUpload);
  document.querySelectorAll("[data-poll]").forEach(follow);
  const hash = location.hash.match(/^#s-\d+$/) && document.querySelector(location.hash);
  if (hash) select(hash.dataset.status === "pending" ? hash : cards()[0]);
  updateCounts();
});
