/* FlowSupport chat widget: <script src=".../widget/widget.js" data-widget-key="KEY" async></script>
 * Optional: data-user-id, data-user-hash (HMAC-SHA256 of the user id with the widget's identity secret),
 * data-name, data-email. No framework, no cookies: the session token lives in localStorage. */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[data-widget-key]");
  if (!script || window.__flowsupportWidget) return;
  window.__flowsupportWidget = true;
  var key = script.getAttribute("data-widget-key");
  var base = new URL(script.src, location.href).origin + "/widget/" + encodeURIComponent(key);
  var storeKey = "flowsupport.widget." + key;
  var session = null, events = null, streaming = {}, typingTimer = 0, lastTyping = 0;

  var host = document.createElement("div");
  host.id = "flowsupport-widget";
  var root = host.attachShadow({ mode: "open" });
  root.innerHTML = "<style>" +
    ":host{all:initial}*{box-sizing:border-box;font-family:Inter,Roboto,system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif}" +
    ".launch{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;background:#6d5efc;color:#fff;display:grid;place-items:center;" +
    "box-shadow:0 6px 20px rgba(0,0,0,.35);cursor:pointer;font-size:24px;z-index:2147483000}" +
    ".launch:focus-visible,button:focus-visible,textarea:focus-visible{outline:3px solid #a9a1ff;outline-offset:2px}" +
    ".panel{position:fixed;right:20px;bottom:88px;width:370px;height:560px;max-height:calc(100vh - 110px);display:none;flex-direction:column;" +
    "background:#15171c;color:#e8eaf0;border:1px solid #2a2e37;border-radius:14px;overflow:hidden;box-shadow:0 12px 40px rgba(0,0,0,.5);z-index:2147483000}" +
    ".panel.open{display:flex}header{display:flex;align-items:center;gap:8px;padding:14px 16px;background:#1c1f26;border-bottom:1px solid #2a2e37}" +
    "header h2{flex:1;margin:0;font-size:15px;font-weight:600}header button{background:none;border:0;color:#aab0bf;font-size:20px;cursor:pointer}" +
    ".log{flex:1;overflow-y:auto;padding:14px;display:flex;flex-direction:column;gap:8px;scrollbar-color:#343946 transparent}" +
    ".msg{max-width:85%;padding:9px 12px;border-radius:12px;font-size:14px;line-height:1.45;white-space:pre-wrap;word-wrap:break-word}" +
    ".customer{align-self:flex-end;background:#6d5efc;color:#fff;border-bottom-right-radius:4px}" +
    ".bot,.agent{align-self:flex-start;background:#232731;border-bottom-left-radius:4px}.agent{border-left:3px solid #34c38f}" +
    ".system{align-self:center;background:none;color:#aab0bf;font-size:12.5px;text-align:center}" +
    ".who{display:block;font-size:11px;color:#8d93a3;margin-bottom:2px}.cites{margin-top:6px;font-size:12px}.cites a{color:#a9a1ff}" +
    ".typing{padding:0 16px 6px;font-size:12px;color:#8d93a3;min-height:18px}" +
    "form{display:flex;gap:8px;padding:10px;border-top:1px solid #2a2e37;background:#1c1f26}" +
    "textarea{flex:1;resize:none;height:40px;border-radius:10px;border:1px solid #343946;background:#111317;color:#e8eaf0;padding:10px;font-size:14px}" +
    "button.send{border:0;border-radius:10px;background:#6d5efc;color:#fff;padding:0 14px;font-weight:600;cursor:pointer}" +
    ".human[hidden]{display:none}.human{margin:0 10px 10px;border:1px solid #343946;background:none;color:#cfd3dd;border-radius:10px;padding:8px;cursor:pointer;font-size:13px}" +
    "@media (max-width:480px){.panel{right:0;bottom:0;width:100vw;height:100vh;max-height:none;border-radius:0}}" +
    "</style>" +
    "<button class='launch' aria-label='Open chat' aria-expanded='false'><svg width='26' height='26' viewBox='0 0 24 24' aria-hidden='true'>" +
    "<path fill='currentColor' d='M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z'/></svg></button>" +
    "<section class='panel' role='dialog' aria-label='Chat with us'><header><h2></h2>" +
    "<button class='close' aria-label='Close chat'>&times;</button></header>" +
    "<div class='log' role='log' aria-live='polite'></div><div class='typing' aria-live='polite'></div>" +
    "<button class='human' type='button'>Talk to a human</button>" +
    "<form><label for='fs-input' style='position:absolute;left:-9999px'>Message</label>" +
    "<textarea id='fs-input' placeholder='Type your message…' maxlength='5000'></textarea>" +
    "<button class='send' type='submit'>Send</button></form></section>";
  var $ = function (s) { return root.querySelector(s); };
  var launch = $(".launch"), panel = $(".panel"), log = $(".log"), input = $("textarea"), typing = $(".typing"),
    human = $(".human");

  function api(method, path, body) {
    var headers = { "Content-Type": "application/json" };
    if (session) headers["X-Widget-Session"] = session.sessionToken;
    return fetch(base + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.status === 204 ? null : r.json(); });
  }

  function render(m) {
    var el = m.id && log.querySelector("[data-id='" + m.id + "']");
    if (!el) { el = document.createElement("div"); if (m.id) el.setAttribute("data-id", m.id); log.appendChild(el); }
    el.className = "msg " + m.author;
    el.textContent = "";
    if (m.author === "bot" || m.author === "agent") {
      var who = document.createElement("span"); who.className = "who";
      who.textContent = m.author === "bot" ? "Assistant" : "Support"; el.appendChild(who);
    }
    el.appendChild(document.createTextNode(m.body));
    if (m.citations && m.citations.length) {
      var c = document.createElement("div"); c.className = "cites"; c.textContent = "Sources: ";
      m.citations.forEach(function (x, i) {
        var a = document.createElement(x.url ? "a" : "span");
        if (x.url && /^https?:/i.test(x.url)) { a.href = x.url; a.target = "_blank"; a.rel = "noopener"; }
        a.textContent = x.title; if (i) c.appendChild(document.createTextNode(", ")); c.appendChild(a);
      });
      el.appendChild(c);
    }
    log.scrollTop = log.scrollHeight;
    return el;
  }

  function connect() {
    if (events) events.close();
    events = new EventSource(base + "/events?session=" + encodeURIComponent(session.sessionToken));
    events.addEventListener("token", function (e) {
      var d = JSON.parse(e.data), s = streaming[d.replyTo];
      if (!s) { s = streaming[d.replyTo] = { text: "", el: render({ author: "bot", body: "" }) }; }
      s.text += d.text; s.el.lastChild.nodeValue = s.text; typing.textContent = ""; log.scrollTop = log.scrollHeight;
    });
    events.addEventListener("message", function (e) {
      var m = JSON.parse(e.data);
      if (m.author === "bot") {
        Object.keys(streaming).forEach(function (k) { streaming[k].el.remove(); delete streaming[k]; });
      }
      render(m); typing.textContent = "";
    });
    events.addEventListener("typing", function (e) {
      var d = JSON.parse(e.data); if (d.author === "customer") return;
      typing.textContent = d.author === "bot" ? "Assistant is typing…" : "Support is typing…";
      clearTimeout(typingTimer); typingTimer = setTimeout(function () { typing.textContent = ""; }, 8000);
    });
    events.addEventListener("ticket", function (e) {
      var d = JSON.parse(e.data); panel.setAttribute("data-ticket", d.ticketNumber); human.hidden = true;
    });
  }

  function start() {
    var saved = null; try { saved = localStorage.getItem(storeKey); } catch (e) { }
    var body = { sessionToken: saved || undefined };
    ["name", "email", "user-id", "user-hash"].forEach(function (a) {
      var v = script.getAttribute("data-" + a); if (v) body[a.replace(/-(\w)/, function (_, c) { return c.toUpperCase(); })] = v;
    });
    return api("POST", "/sessions", body).then(function (s) {
      session = s; try { localStorage.setItem(storeKey, s.sessionToken); } catch (e) { }
      $("h2").textContent = s.widget.title;
      human.hidden = s.mode === "ticket" || !s.widget.bot;
      log.textContent = "";
      render({ author: "system", body: s.widget.greeting });
      s.messages.forEach(render);
      connect();
    });
  }

  var started = null;
  function open(show) {
    panel.classList.toggle("open", show);
    launch.setAttribute("aria-expanded", String(show));
    launch.setAttribute("aria-label", show ? "Close chat" : "Open chat");
    if (show) { started = started || start(); input.focus(); } else { launch.focus(); }
  }
  launch.addEventListener("click", function () { open(!panel.classList.contains("open")); });
  $(".close").addEventListener("click", function () { open(false); });
  root.addEventListener("keydown", function (e) { if (e.key === "Escape") open(false); });
  $("form").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim(); if (!text || !session) return;
    input.value = "";
    api("POST", "/messages", { body: text }).then(render).catch(function () {
      render({ author: "system", body: "Your message could not be sent. Please try again." });
    });
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); $("form").requestSubmit(); return; }
    if (session && Date.now() - lastTyping > 3000) { lastTyping = Date.now(); api("POST", "/typing").catch(function () { }); }
  });
  human.addEventListener("click", function () {
    if (!session) return;
    var email = script.getAttribute("data-email");
    api("POST", "/handoff", email ? { email: email } : {}).catch(function () {
      render({ author: "system", body: "We could not reach the team just now. Please try again." });
    });
  });
  (document.body || document.documentElement).appendChild(host);
  window.__flowsupportWidgetReady = performance.now();
})();
