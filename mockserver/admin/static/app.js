// The mockserver dashboard: plain DOM, no build step, everything from this server.
// The admin token (when the server wants one) lives in sessionStorage and goes out only as the
// Authorization header, never in a URL.
"use strict";

const TOKEN_KEY = "mockserver.adminToken";
const $ = (id) => document.getElementById(id);
const state = { current: "default", tab: "requests", entries: [], selected: null, clock: null, clockAt: 0,
                data: { provider: "", table: "", page: 1, perPage: 20 }, stream: null };

class Unauthorized extends Error {}

function authHeaders() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { authorization: "Bearer " + token } : {};
}

async function api(path, { method = "GET", body, type = "application/json" } = {}) {
  const answer = await fetch("/_admin" + path, {
    method, body, headers: { ...authHeaders(), ...(body !== undefined ? { "content-type": type } : {}) },
  });
  if (answer.status === 401) throw new Unauthorized("the control plane wants an admin token");
  const payload = answer.status === 204 ? null : await answer.json();
  if (!answer.ok) {
    const error = new Error((payload && payload.message) || answer.statusText);
    error.problems = payload && payload.problems;
    throw error;
  }
  return payload;
}

const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child ?? ""));
  return node;
};
const show = (error) => { $("error").textContent = error ? String(error.message || error) : ""; };
const ws = () => `/workspaces/${encodeURIComponent(state.current)}`;

// -- login -----------------------------------------------------------------------------------

function needLogin(message) {
  stopStream();
  $("app").hidden = true;
  $("login").hidden = false;
  $("login-error").textContent = message || "";
  $("token").focus();
}

$("login").onsubmit = async (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $("token").value);
  try {
    await api("/workspaces");
  } catch (error) {
    sessionStorage.removeItem(TOKEN_KEY);
    needLogin(error instanceof Unauthorized ? "that token was refused" : String(error.message));
    return;
  }
  $("token").value = "";
  start();
};

$("logout").onclick = () => { sessionStorage.removeItem(TOKEN_KEY); needLogin(""); };

// Every action goes through here: errors shown, a 401 leads to the login form.
const act = (fn) => async (...args) => {
  try { show(null); await fn(...args); } catch (error) {
    if (error instanceof Unauthorized) needLogin(sessionStorage.getItem(TOKEN_KEY) ? "that token was refused" : "");
    else show(error);
  }
};

// -- workspaces and clock --------------------------------------------------------------------

function renderWorkspaces(workspaces) {
  if (!workspaces.some((w) => w.id === state.current)) { state.current = "default"; }
  $("workspaces").replaceChildren(...workspaces.map((w) => {
    const item = el("li", { className: w.id === state.current ? "active" : "" }, w.id,
                    el("span", { className: "muted" }, "seed " + w.seed));
    item.dataset.id = w.id;
    item.onclick = act(() => selectWorkspace(w.id));
    return item;
  }));
  const mine = workspaces.find((w) => w.id === state.current);
  $("credentials").textContent = mine ? JSON.stringify(mine.credentials, null, 2) : "-";
  $("delete").disabled = state.current === "default";
}

function renderClock(clock) {
  state.clock = clock;
  state.clockAt = performance.now();
  $("freeze").textContent = clock.frozen ? "Unfreeze" : "Freeze";
  tickClock();
}

function tickClock() {
  const clock = state.clock;
  if (!clock) return;
  const now = clock.frozen ? new Date(clock.now) : new Date(Date.parse(clock.now) + performance.now() - state.clockAt);
  $("clock").textContent = now.toISOString().replace(/\.\d+Z$/, "Z") + (clock.frozen ? " (frozen)" : "");
}

async function selectWorkspace(id) {
  state.current = id;
  state.selected = null;
  $("exchange").hidden = true;
  await loadAll();
}

const clockPost = (body) => api(`${ws()}/clock`, { method: "POST", body: JSON.stringify(body) }).then(renderClock);
document.querySelectorAll("[data-advance]").forEach((button) => {
  button.onclick = act(() => clockPost({ advance: button.dataset.advance }));
});
$("freeze").onclick = act(() => clockPost({ frozen: !state.clock.frozen }));
$("create").onclick = act(async () => {
  const made = await api("/workspaces", { method: "POST", body: "{}" });
  await selectWorkspace(made.id);
});
$("fork").onclick = act(async () => {
  const made = await api("/workspaces", { method: "POST", body: JSON.stringify({ from: state.current }) });
  await selectWorkspace(made.id);
});
$("reset").onclick = act(async () => {
  if (!confirm(`Reset workspace ${state.current} to its seeded data, clock and an empty journal?`)) return;
  await api(`${ws()}/reset`, { method: "POST" });
  await loadAll();
});
$("delete").onclick = act(async () => {
  if (!confirm(`Delete workspace ${state.current} and everything in it?`)) return;
  await api(ws(), { method: "DELETE" });
  await selectWorkspace("default");
});

// -- journal ---------------------------------------------------------------------------------

function passes(entry) {
  const method = $("f-method").value, statusClass = $("f-status").value, text = $("f-text").value.trim().toLowerCase();
  const provider = $("f-provider").value, path = $("f-path").value.trim();
  if (provider && entry.provider !== provider) return false;
  if (method && entry.method !== method) return false;
  if (statusClass && String(entry.status)[0] !== statusClass) return false;
  if (path && !globOrPrefix(path).test(entry.path)) return false;
  return !text || JSON.stringify(entry).toLowerCase().includes(text);
}

function globOrPrefix(pattern) {
  const escaped = pattern.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp("^" + escaped + (/[*?]/.test(pattern) ? "$" : ""));
}

async function loadRequests() {
  const params = new URLSearchParams({ limit: "200" });
  for (const [name, id] of [["provider", "f-provider"], ["method", "f-method"], ["path", "f-path"]]) {
    if ($(id).value.trim()) params.set(name, $(id).value.trim());
  }
  state.entries = (await api(`${ws()}/requests?${params}`)).requests;
  renderRequests();
}

function requestRow(entry, fresh) {
  const row = el("tr", { className: "entry" + (fresh ? " fresh" : "") + (state.selected === entry.id ? " selected" : "") },
    el("td", { className: "mono" }, entry.at), el("td", {}, entry.method),
    el("td", { className: "mono" }, entry.path + (entry.query ? "?" + entry.query : "")),
    el("td", { className: "status-" + String(entry.status)[0] }, String(entry.status)),
    el("td", {}, String(entry.duration_ms)), el("td", {}, entry.rule || ""));
  row.dataset.id = entry.id;
  row.onclick = () => showExchange(entry);
  return row;
}

function renderRequests(freshId) {
  $("requests").replaceChildren(...state.entries.filter(passes).map((e) => requestRow(e, e.id === freshId)));
}

function curlOf(entry) {
  const quote = (text) => "'" + String(text).replace(/'/g, "'\\''") + "'";
  const url = location.origin + entry.path + (entry.query ? "?" + entry.query : "");
  const parts = ["curl", "-X", entry.method, quote(url)];
  for (const [name, value] of Object.entries(entry.request.headers || {})) {
    if (["host", "content-length", "connection", "accept-encoding"].includes(name.toLowerCase())) continue;
    parts.push("-H", quote(`${name}: ${value}`));
  }
  const body = entry.request.body;
  if (body !== null && body !== undefined) parts.push("--data-raw", quote(typeof body === "string" ? body : JSON.stringify(body)));
  return parts.join(" ");
}

function showExchange(entry) {
  state.selected = entry.id;
  renderRequests();
  $("exchange").hidden = false;
  $("exchange-title").textContent = `#${entry.id} ${entry.method} ${entry.path} → ${entry.status}`;
  $("curl").textContent = curlOf(entry);
  $("copied").textContent = "";
  $("exchange-rule").textContent = entry.rule ? `scenario rule fired: ${entry.rule}` : "no scenario rule fired";
  $("exchange-request").textContent = JSON.stringify(entry.request, null, 2);
  $("exchange-response").textContent = JSON.stringify({ status: entry.status, ...entry.response }, null, 2);
  const outbound = entry.outbound || [];
  $("exchange-outbound").replaceChildren(...(outbound.length
    ? [el("h3", {}, "Would have sent"), el("pre", {}, JSON.stringify(outbound, null, 2))] : []));
}

$("copy-curl").onclick = async () => {
  const text = $("curl").textContent;
  try { await navigator.clipboard.writeText(text); } catch {
    const area = el("textarea", { value: text });
    document.body.append(area); area.select(); document.execCommand("copy"); area.remove();
  }
  $("copied").textContent = "copied";
};
$("clear").onclick = act(async () => {
  if (!confirm(`Clear the journal of workspace ${state.current}?`)) return;
  await api(`${ws()}/requests`, { method: "DELETE" });
  await loadRequests();
});
for (const id of ["f-provider", "f-method", "f-path"]) $(id).onchange = act(loadRequests);
for (const id of ["f-status", "f-text"]) $(id).oninput = () => renderRequests();

// -- scenario rules --------------------------------------------------------------------------

const summary = (value) => Object.entries(value || {}).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`).join(", ");

function renderRules({ rules }) {
  $("rules").replaceChildren(...rules.map((rule) => {
    const effects = Object.fromEntries(["respond", "delay", "fault", "rate_limit", "after_commit"]
      .filter((k) => rule[k] !== undefined).map((k) => [k, rule[k]]));
    const toggle = el("input", { type: "checkbox", checked: rule.enabled !== false, title: "enabled" });
    toggle.onchange = act(async () => {
      await api(`${ws()}/scenarios/${rule.id}`, { method: "PATCH", body: JSON.stringify({ enabled: toggle.checked }) });
      renderRules(await api(`${ws()}/scenarios`));
    });
    const remove = el("button", { className: "danger" }, "Delete…");
    remove.onclick = act(async () => {
      if (!confirm(`Delete scenario rule ${rule.name || rule.id}?`)) return;
      await api(`${ws()}/scenarios/${rule.id}`, { method: "DELETE" });
      renderRules(await api(`${ws()}/scenarios`));
    });
    const row = el("tr", {}, el("td", {}, rule.id), el("td", {}, rule.name || ""),
      el("td", { className: "mono" }, summary(rule.match) + (rule.when ? " when " + summary(rule.when) : "")),
      el("td", { className: "mono" }, summary(effects)), el("td", { className: "hits" }, String(rule.hits)),
      el("td", {}, toggle), el("td", {}, remove));
    row.dataset.id = rule.id;
    return row;
  }));
}

$("rule-add").onclick = act(async () => {
  $("rule-problems").replaceChildren();
  try {
    await api(`${ws()}/scenarios`, { method: "POST", body: $("rule-text").value, type: "application/yaml" });
  } catch (error) {
    if (!error.problems) throw error;
    $("rule-problems").replaceChildren(...error.problems.map((p) => el("li", {}, p)));
    return;
  }
  renderRules(await api(`${ws()}/scenarios`));
});

// -- data browser ----------------------------------------------------------------------------

async function loadTables() {
  const provider = $("d-provider").value;
  const { tables } = await api(`${ws()}/data/${provider}`);
  if (!tables.some((t) => t.name === state.data.table)) { state.data.table = tables.length ? tables[0].name : ""; }
  $("d-tables").replaceChildren(...(tables.length ? tables.map((t) => {
    const button = el("button", { className: t.name === state.data.table ? "active" : "" }, `${t.name} (${t.count})`);
    button.dataset.table = t.name;
    button.onclick = act(async () => { state.data.table = t.name; state.data.page = 1; await loadTables(); });
    return button;
  }) : [el("span", { className: "muted" }, "no tables")]));
  await loadRecords();
}

function cellsOf(record) {
  return Object.entries(record).filter(([, v]) => v === null || typeof v !== "object").slice(0, 5);
}

async function loadRecords() {
  $("d-record").hidden = true;
  const { provider, table, page, perPage } = { ...state.data, provider: $("d-provider").value };
  if (!table) { $("d-rows").replaceChildren(); $("d-head").replaceChildren(); $("d-page").textContent = ""; return; }
  const params = new URLSearchParams({ q: $("d-search").value, page: String(page), per_page: String(perPage) });
  const found = await api(`${ws()}/data/${provider}/${table}?${params}`);
  const pages = Math.max(1, Math.ceil(found.total / found.per_page));
  $("d-page").textContent = `page ${found.page} of ${pages} · ${found.total} records`;
  $("d-prev").disabled = found.page <= 1;
  $("d-next").disabled = found.page >= pages;
  const columns = found.records.length ? cellsOf(found.records[0].record).map(([k]) => k) : [];
  $("d-head").replaceChildren(el("tr", {}, el("th", {}, "id"), ...columns.map((c) => el("th", {}, c))));
  $("d-rows").replaceChildren(...found.records.map(({ id, record }) => {
    const row = el("tr", { className: "record" }, el("td", {}, id),
      ...columns.map((c) => el("td", {}, record[c] === null || record[c] === undefined ? "" : String(record[c]))));
    row.dataset.id = id;
    row.onclick = act(async () => {
      const one = await api(`${ws()}/data/${provider}/${table}/${encodeURIComponent(id)}`);
      $("d-record").textContent = JSON.stringify(one.record, null, 2);
      $("d-record").hidden = false;
    });
    return row;
  }));
}

$("d-provider").onchange = act(async () => { state.data.table = ""; state.data.page = 1; await loadTables(); });
$("d-search").oninput = act(async () => { state.data.page = 1; await loadRecords(); });
$("d-prev").onclick = act(async () => { state.data.page -= 1; await loadRecords(); });
$("d-next").onclick = act(async () => { state.data.page += 1; await loadRecords(); });

// -- outbox ----------------------------------------------------------------------------------

const MESSAGE_KEYS = new Set(["id", "at", "provider", "request_id", "channel", "method", "to"]);

async function loadOutbox() {
  const { messages } = await api(`${ws()}/outbox`);
  $("outbox").replaceChildren(...(messages.length ? messages.slice().reverse().map((m) => el("tr", {},
    el("td", {}, String(m.id)), el("td", { className: "mono" }, m.at), el("td", {}, m.provider),
    el("td", {}, m.channel || m.method || ""), el("td", {}, m.to || m.url || ""),
    el("td", { className: "mono" }, summary(Object.fromEntries(Object.entries(m).filter(([k]) => !MESSAGE_KEYS.has(k))))),
    el("td", {}, m.request_id ? `#${m.request_id}` : ""))) : [el("tr", {}, el("td", { colSpan: 7, className: "muted" }, "nothing sent yet"))]));
}

$("outbox-clear").onclick = act(async () => {
  if (!confirm(`Empty the outbox of workspace ${state.current}?`)) return;
  await api(`${ws()}/outbox`, { method: "DELETE" });
  await loadOutbox();
});

// -- tabs, live stream, start ----------------------------------------------------------------

document.querySelectorAll("[data-tab]").forEach((button) => {
  button.onclick = act(async () => {
    state.tab = button.dataset.tab;
    document.querySelectorAll("[data-tab]").forEach((b) => b.classList.toggle("active", b === button));
    document.querySelectorAll(".view").forEach((v) => { v.hidden = v.id !== "view-" + state.tab; });
    if (state.tab === "data") await loadTables();
    if (state.tab === "outbox") await loadOutbox();
  });
});

function stopStream() {
  if (state.stream) { state.stream.abort(); state.stream = null; }
  $("live").textContent = "○ offline"; $("live").className = "muted";
}

const handlers = {
  request(entry) {
    state.entries.unshift(entry);
    state.entries.length = Math.min(state.entries.length, 500);
    renderRequests(entry.id);
    if (state.tab === "outbox" && entry.outbound && entry.outbound.length) loadOutbox().catch(show);
  },
  clock: renderClock,
  scenarios: renderRules,
  workspaces({ workspaces }) { renderWorkspaces(workspaces); },
  gone() { selectWorkspace("default"); },
};

// EventSource cannot send an Authorization header, so the stream is read with fetch.
async function follow(workspace, controller) {
  const answer = await fetch(`/_admin/workspaces/${encodeURIComponent(workspace)}/events`,
                             { headers: authHeaders(), signal: controller.signal });
  if (answer.status === 401) throw new Unauthorized("the control plane wants an admin token");
  if (!answer.ok) throw new Error(`event stream: ${answer.status}`);
  $("live").textContent = "● live"; $("live").className = "on";
  const reader = answer.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const name = (block.match(/^event: (.*)$/m) || [])[1];
      const data = (block.match(/^data: (.*)$/m) || [])[1];
      if (name && data && handlers[name]) handlers[name](JSON.parse(data));
    }
  }
}

// One stream at a time, for the workspace on screen; reconnects a second after it ends.
function keepFollowing() {
  stopStream();
  const controller = new AbortController();
  state.stream = controller;
  follow(state.current, controller).catch((error) => {
    if (error instanceof Unauthorized && state.stream === controller) needLogin("");
  }).finally(() => {
    if (state.stream !== controller || controller.signal.aborted) return;
    $("live").textContent = "○ reconnecting"; $("live").className = "muted";
    setTimeout(() => { if (state.stream === controller) keepFollowing(); }, 1000);
  });
}

async function loadAll() {
  const [{ workspaces }, clock, rules] = await Promise.all([
    api("/workspaces"), api(`${ws()}/clock`), api(`${ws()}/scenarios`)]);
  renderWorkspaces(workspaces);
  renderClock(clock);
  renderRules(rules);
  await loadRequests();
  if (state.tab === "data") await loadTables();
  if (state.tab === "outbox") await loadOutbox();
  keepFollowing();
}

async function loadIndex() {
  const index = await fetch("/").then((r) => r.json());
  $("docs").replaceChildren(...index.providers.map((p) => el("a", { href: p.docs, title: p.title + " API docs" }, p.name + " docs")));
  $("f-provider").replaceChildren(el("option", { value: "" }, "all providers"),
    ...index.providers.map((p) => el("option", { value: p.name }, p.name)));
  $("d-provider").replaceChildren(...index.providers.map((p) => el("option", { value: p.name }, p.title)));
}

const start = act(async () => {
  $("login").hidden = true;
  $("logout").hidden = !sessionStorage.getItem(TOKEN_KEY);
  await loadAll();
  $("app").hidden = false;
});

setInterval(tickClock, 1000);
loadIndex().then(start, show);
