// A new alert on the floor flashes and sounds a tone, each switchable; the choices are kept in
// localStorage, the alerts already seen in sessionStorage (a reload or a visit to another page
// does not sound them again). The tone is made with WebAudio: no sound file, nothing fetched.
(function () {
  const floor = document.getElementById("floor");
  if (!floor) return;
  const FLASH_MS = 15000;
  const SEEN = "opscenter.alerts.seen";
  const toggles = { sound: document.getElementById("alert-sound"), flash: document.getElementById("alert-flash") };
  const flashing = new Map(); // alert key -> until (ms)
  let audio = null;

  const enabled = (name) => localStorage.getItem(`opscenter.alerts.${name}`) !== "off";
  function show(name) {
    const on = enabled(name);
    toggles[name].setAttribute("aria-pressed", String(on));
    toggles[name].textContent = `${name === "sound" ? "Sound" : "Flash"} ${on ? "on" : "off"}`;
  }
  Object.keys(toggles).forEach((name) => {
    if (!toggles[name]) return;
    show(name);
    toggles[name].addEventListener("click", () => {
      localStorage.setItem(`opscenter.alerts.${name}`, enabled(name) ? "off" : "on");
      show(name);
      if (name === "sound" && enabled("sound")) tone(); // a click lets the browser start audio
    });
  });

  function tone() {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    if (audio.state === "suspended") audio.resume();
    const t = audio.currentTime;
    [0, 0.25].forEach((delay) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = "square";
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.12, t + delay);
      gain.gain.exponentialRampToValueAtTime(0.001, t + delay + 0.2);
      osc.connect(gain).connect(audio.destination);
      osc.start(t + delay);
      osc.stop(t + delay + 0.2);
    });
  }

  function check() {
    const open = [...floor.querySelectorAll("[data-alert-key]:not([data-acked])")].map((el) => el.dataset.alertKey);
    const stored = sessionStorage.getItem(SEEN);
    const seen = new Set(stored ? JSON.parse(stored) : open); // the first visit: what is there is not new
    const fresh = open.filter((key) => !seen.has(key));
    sessionStorage.setItem(SEEN, JSON.stringify([...new Set([...seen, ...open])].slice(-500)));
    const now = Date.now();
    if (enabled("flash")) fresh.forEach((key) => flashing.set(key, now + FLASH_MS));
    floor.querySelectorAll("[data-alert-key]").forEach((el) => {
      const until = flashing.get(el.dataset.alertKey);
      el.classList.toggle("flash", Boolean(until && until > now && !el.hasAttribute("data-acked")));
    });
    if (fresh.length && enabled("sound")) tone();
  }

  check();
  document.body.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target === floor) check();
  });
})();
