// The Zulu clock follows the server's time (sent with the page), not the console's,
// so a console with a drifting clock still shows the watch's time.
(function () {
  const clock = document.getElementById("zulu-clock");
  if (!clock) return;
  const offsetMs = Date.parse(clock.dataset.serverNow) - Date.now();
  const dateEl = document.getElementById("zulu-date");
  const pad = (n) => String(n).padStart(2, "0");
  function tick() {
    const now = new Date(Date.now() + offsetMs);
    clock.textContent = `${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())}`;
    if (dateEl) dateEl.textContent = `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}`;
    document.querySelectorAll(".countdown[data-until]").forEach((el) => {
      const left = Math.max(0, Date.parse(el.dataset.until) - now.getTime());
      const h = Math.floor(left / 3600000), m = Math.floor((left % 3600000) / 60000);
      el.textContent = `${h} h ${pad(m)} min`;
    });
  }
  tick();
  setInterval(tick, 1000);
})();
