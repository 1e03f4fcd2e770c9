/* Arrangement proposal form: fill the instalments ("N terms of € X from date D" or "the whole amount in N
   terms") and keep a running total against the arrears. A static file, so the CSP needs no 'unsafe-inline';
   without JavaScript the form still works by hand. Amounts are read and written the Dutch way (3922,20). */
(function () {
  "use strict";
  var form = document.getElementById("regeling-form");
  if (!form) return;
  var rijen = document.getElementById("termijn-rijen");
  var totaalEl = document.getElementById("regeling-totaal");
  var achterstandCent = Math.round(parseFloat(document.getElementById("regeling-achterstand").dataset.achterstand) * 100);
  var totalForms = form.querySelector('input[name="termijn-TOTAL_FORMS"]');
  var maxForms = parseInt(form.querySelector('input[name="termijn-MAX_NUM_FORMS"]').value, 10);

  function leesCent(tekst) {
    tekst = (tekst || "").replace(/[€\s\u00a0]/g, "");
    if (!tekst) return null;
    if (tekst.indexOf(",") >= 0 && tekst.indexOf(".") >= 0) {
      var dec = tekst.lastIndexOf(",") > tekst.lastIndexOf(".") ? "," : ".";
      tekst = tekst.split(dec === "," ? "." : ",").join("").replace(dec, ".");
    } else if (tekst.indexOf(",") >= 0) {
      tekst = tekst.replace(",", ".");
    } else if (/^\d{1,3}(\.\d{3})+$/.test(tekst)) {
      tekst = tekst.split(".").join("");
    }
    if (!/^\d+(\.\d{1,2})?$/.test(tekst)) return null;
    var delen = tekst.split(".");
    return parseInt(delen[0], 10) * 100 + (delen[1] ? parseInt((delen[1] + "0").slice(0, 2), 10) : 0);
  }

  function euro(cent) {
    var teken = cent < 0 ? "-" : "";
    cent = Math.abs(cent);
    var euros = String(Math.floor(cent / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return teken + "€ " + euros + "," + String(cent % 100).padStart(2, "0");
  }

  function bedragVelden() { return rijen.querySelectorAll('input[name$="-bedrag"]'); }

  function herbereken() {
    var som = 0;
    bedragVelden().forEach(function (el) { var c = leesCent(el.value); if (c) som += c; });
    var verschil = som - achterstandCent;
    var sjabloon = verschil === 0 ? totaalEl.dataset.gelijk : (verschil < 0 ? totaalEl.dataset.minder : totaalEl.dataset.meer);
    totaalEl.textContent = sjabloon.replace("{totaal}", euro(som)).replace("{verschil}", euro(Math.abs(verschil)));
    totaalEl.classList.toggle("text-danger", verschil > 0);
  }

  function zorgVoorRijen(n) {
    var aanwezig = rijen.querySelectorAll(".termijn-rij");
    var sjabloon = aanwezig[aanwezig.length - 1];
    for (var i = aanwezig.length; i < n && i < maxForms; i++) {
      var kopie = sjabloon.cloneNode(true);
      kopie.querySelectorAll("[id],[name],[for],[aria-describedby]").forEach(function (el) {
        ["id", "name", "for", "aria-describedby"].forEach(function (attr) {
          var v = el.getAttribute(attr);
          if (v) el.setAttribute(attr, v.replace(/termijn-\d+-/g, "termijn-" + i + "-"));
        });
        if (el.tagName === "INPUT") el.value = "";
      });
      kopie.querySelectorAll(".invalid-feedback, .text-danger").forEach(function (el) { el.remove(); });
      kopie.querySelectorAll(".is-invalid").forEach(function (el) { el.classList.remove("is-invalid"); el.removeAttribute("aria-invalid"); });
      rijen.appendChild(kopie);
    }
    totalForms.value = String(rijen.querySelectorAll(".termijn-rij").length);
  }

  function plusMaanden(iso, n) {
    var d = iso.split("-").map(Number);
    var jaar = d[0], maand = d[1] - 1 + n, dag = d[2];
    jaar += Math.floor(maand / 12); maand = maand % 12;
    var laatste = new Date(Date.UTC(jaar, maand + 1, 0)).getUTCDate();
    return jaar + "-" + String(maand + 1).padStart(2, "0") + "-" + String(Math.min(dag, laatste)).padStart(2, "0");
  }

  function vul() {
    var soort = document.getElementById("gen-soort").value;
    var aantal = parseInt(document.getElementById("gen-aantal").value, 10);
    var vanaf = document.getElementById("gen-vanaf").value;
    var bedragEl = document.getElementById("gen-bedrag");
    if (!aantal || aantal < 1 || !vanaf) { document.getElementById(!vanaf ? "gen-vanaf" : "gen-aantal").focus(); return; }
    aantal = Math.min(aantal, maxForms);
    var bedragen = [];
    if (soort === "geheel") {
      // Equal instalments in cents; the last one takes the remainder so the total is exactly the arrears.
      var deel = Math.floor(achterstandCent / aantal);
      for (var i = 0; i < aantal; i++) bedragen.push(i === aantal - 1 ? achterstandCent - deel * (aantal - 1) : deel);
    } else {
      var cent = leesCent(bedragEl.value);
      if (!cent) { bedragEl.focus(); return; }
      for (var j = 0; j < aantal; j++) bedragen.push(cent);
    }
    zorgVoorRijen(aantal);
    var alle = rijen.querySelectorAll(".termijn-rij");
    alle.forEach(function (rij, k) {
      var datum = rij.querySelector('input[name$="-vervaldatum"]');
      var bedrag = rij.querySelector('input[name$="-bedrag"]');
      datum.value = k < aantal ? plusMaanden(vanaf, k) : "";
      bedrag.value = k < aantal ? euro(bedragen[k]).replace("€ ", "") : "";
    });
    herbereken();
  }

  document.getElementById("regeling-generator").hidden = false;
  document.getElementById("gen-soort").addEventListener("change", function () {
    document.getElementById("gen-bedrag").disabled = this.value === "geheel";
  });
  document.getElementById("gen-vul").addEventListener("click", vul);
  rijen.addEventListener("input", herbereken);
  herbereken();
})();
