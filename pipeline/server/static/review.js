// The review page's few actions: keep the write token, send a row's correction or status, reload.
(function () {
  "use strict";
  const tokenBox = document.getElementById("token");
  const message = document.getElementById("message");
  tokenBox.value = localStorage.getItem("directives-token") || "";
  tokenBox.addEventListener("change", () => localStorage.setItem("directives-token", tokenBox.value));

  async function patch(taskId, body) {
    message.textContent = "Đang lưu…";
    const res = await fetch("/tasks/" + encodeURIComponent(taskId), {
      method: "PATCH",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + tokenBox.value },
      body: JSON.stringify(body),
    });
    if (!res.ok) {
      const err = await res.json().catch(() => ({ detail: res.statusText }));
      message.textContent = "Lỗi: " + (typeof err.detail === "string" ? err.detail : JSON.stringify(err.detail));
      return;
    }
    location.reload();
  }

  // Only what the person changed is sent: an untouched field keeps following the extractor.
  function changed(form) {
    const body = {};
    for (const el of form.elements) {
      if (!el.name) continue;
      if (el.type === "checkbox") {
        if (el.checked !== el.defaultChecked) body[el.name] = el.checked;
      } else if (el.value !== el.defaultValue) {
        body[el.name] = el.value.trim() === "" ? null : el.value;
      }
    }
    return body;
  }

  // The selected task's clause is scrolled into view inside the text pane, the table stays where it is.
  const selected = document.getElementById("selected");
  const pane = document.querySelector(".text-pane");
  if (selected && pane) pane.scrollTop = selected.offsetTop - pane.offsetTop - 24;

  document.querySelectorAll("tr.task").forEach((row) => {
    const id = row.dataset.task;
    const edit = document.getElementById("edit-" + id);
    row.querySelector(".edit-btn").addEventListener("click", () => { edit.hidden = !edit.hidden; });
    row.querySelector("select.status").addEventListener("change", (e) => patch(id, { status: e.target.value }));
    edit.querySelector(".cancel-btn").addEventListener("click", () => { edit.hidden = true; });
    edit.querySelector("form").addEventListener("submit", (e) => {
      e.preventDefault();
      const body = changed(e.target);
      if (Object.keys(body).length) patch(id, body); else edit.hidden = true;
    });
  });
})();
