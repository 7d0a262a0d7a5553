// IotEsim fleet dashboard: plain JS against the fleet API (/api/v1). The API key lives in
// sessionStorage for this tab only; all DOM text is set with textContent (no HTML injection).
(function () {
  "use strict";
  var KEY = "iotesim.apiKey";
  var REFRESH_MS = 5000;
  var timer = null;

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function key() { return sessionStorage.getItem(KEY); }
  function when(iso) { return iso ? new Date(iso).toLocaleString() : "never"; }

  function status(msg, kind) {
    var s = $("status");
    s.textContent = msg || "";
    s.className = kind || "";
  }

  function api(method, path, body) {
    var init = { method: method, headers: { "Authorization": "Bearer " + key(), "Accept": "application/json" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch("/api/v1" + path, init).then(function (r) {
      return r.text().then(function (t) {
        var data = t ? JSON.parse(t) : null;
        if (r.status === 401) { logout("The API key was rejected."); throw new Error("unauthorized"); }
        if (!r.ok) {
          var msg = (data && (data.detail || data.title)) || ("HTTP " + r.status);
          if (data && data.errors) {
            msg += ": " + Object.keys(data.errors).map(function (k) { return k + " — " + data.errors[k].join("; "); }).join(" | ");
          }
          throw new Error(msg);
        }
        return data;
      });
    });
  }

  function showApp(on) {
    $("login").hidden = on;
    $("app").hidden = !on;
    $("logout").hidden = !on;
    $("key-state").textContent = on ? "key " + key().slice(0, 12) + "…" : "";
  }

  function logout(reason) {
    sessionStorage.removeItem(KEY);
    if (timer) { clearInterval(timer); timer = null; }
    showApp(false);
    if (reason) $("key-state").textContent = reason;
  }

  function renderJobs(page) {
    var tbody = $("jobs").tBodies[0];
    tbody.textContent = "";
    $("jobs-empty").hidden = page.items.length > 0;
    page.items.forEach(function (j) {
      var tr = el("tr");
      tr.dataset.jobId = j.id;
      tr.dataset.kind = j.kind;
      tr.appendChild(el("td", "mono", j.id));
      tr.appendChild(el("td", null, j.kind));
      tr.appendChild(el("td", "mono small", JSON.stringify(j.parameters)));
      tr.appendChild(el("td", "mono small", JSON.stringify(j.target)));
      tr.appendChild(el("td", null, when(j.created)));
      var st = el("td");
      st.appendChild(el("span", "badge state " + j.state, j.state));
      tr.appendChild(st);
      var td = el("td");
      var bar = el("div", "bar");
      var done = el("span", "done"), failed = el("span", "failed");
      var total = Math.max(1, j.total);
      done.style.width = (100 * j.done / total) + "%";
      failed.style.width = (100 * j.failed / total) + "%";
      bar.appendChild(done);
      bar.appendChild(failed);
      bar.title = j.done + " done, " + j.failed + " failed, " + j.open + " open of " + j.total;
      td.appendChild(bar);
      td.appendChild(el("span", "small muted", j.done + j.failed + " / " + j.total + (j.failed ? " (" + j.failed + " failed)" : "")));
      tr.appendChild(td);
      tbody.appendChild(tr);
    });
  }

  function renderDevices(page) {
    var tbody = $("devices").tBodies[0];
    tbody.textContent = "";
    $("devices-empty").hidden = page.items.length > 0;
    page.items.forEach(function (d) {
      var tr = el("tr");
      tr.dataset.eid = d.eid;
      tr.appendChild(el("td", "mono", d.eid));
      var tags = el("td");
      if (d.group) tags.appendChild(el("span", "badge group", d.group));
      d.tags.forEach(function (t) { tags.appendChild(el("span", "badge tag", t)); });
      tr.appendChild(tags);
      tr.appendChild(el("td", null, when(d.lastSeen)));
      var prof = el("td");
      if (!d.profiles.length) prof.appendChild(el("span", "muted small", "none reported"));
      d.profiles.forEach(function (p) {
        var line = el("div", "profile");
        line.appendChild(el("span", "mono", p.iccid));
        if (p.nickname || p.profileName) line.appendChild(el("span", "small", " " + (p.nickname || p.profileName)));
        line.appendChild(el("span", "badge " + p.state, p.state));
        if (p.state !== "enabled") {
          var b = el("button", "enable-btn small", "Enable");
          b.type = "button";
          b.dataset.eid = d.eid;
          b.dataset.iccid = p.iccid;
          b.addEventListener("click", function () { enable({ eids: [d.eid] }, p.iccid, false, b); });
          line.appendChild(b);
        }
        prof.appendChild(line);
      });
      tr.appendChild(prof);
      var act = el("td");
      var sw = el("button", "link small", "switch…");
      sw.type = "button";
      sw.addEventListener("click", function () {
        $("switch-target-kind").value = "eids";
        $("switch-target").value = d.eid;
        $("switch-iccid").focus();
      });
      act.appendChild(sw);
      tr.appendChild(act);
      tbody.appendChild(tr);
    });
  }

  function refresh() {
    var q = [];
    if ($("filter-tag").value.trim()) q.push("tag=" + encodeURIComponent($("filter-tag").value.trim()));
    if ($("filter-group").value.trim()) q.push("group=" + encodeURIComponent($("filter-group").value.trim()));
    return Promise.all([
      api("GET", "/jobs?limit=50").then(renderJobs),
      api("GET", "/devices?limit=500" + (q.length ? "&" + q.join("&") : "")).then(renderDevices)
    ]).catch(function (e) { if (e.message !== "unauthorized") status(e.message, "error"); });
  }

  function enable(target, iccid, rollback, button) {
    if (button) button.disabled = true;
    status("Creating enable job…", "");
    return api("POST", "/jobs", { kind: "enable", parameters: { iccid: iccid, rollback: rollback }, target: target })
      .then(function (job) {
        status("Job " + job.id + " created for " + job.total + " device(s).", "ok");
        return refresh();
      })
      .catch(function (e) { if (e.message !== "unauthorized") status(e.message, "error"); })
      .then(function () { if (button) button.disabled = false; });
  }

  function start() {
    showApp(true);
    refresh();
    if (!timer) timer = setInterval(refresh, REFRESH_MS);
  }

  $("login-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    sessionStorage.setItem(KEY, $("api-key").value.trim());
    $("api-key").value = "";
    start();
  });
  $("logout").addEventListener("click", function () { logout(""); });
  $("refresh").addEventListener("click", refresh);
  $("filter-form").addEventListener("submit", function (ev) { ev.preventDefault(); refresh(); });
  $("switch-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var kind = $("switch-target-kind").value, value = $("switch-target").value.trim(), target = {};
    target[kind] = kind === "eids" ? [value] : value;
    enable(target, $("switch-iccid").value.trim(), $("switch-rollback").checked, $("switch-submit"));
  });

  if (key()) start(); else showApp(false);
})();
