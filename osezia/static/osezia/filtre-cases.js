// Liste de cases à cocher longue (les 88 divisions NAF) : un champ de recherche au-dessus filtre les cases par mot
// ou par code. Amélioration progressive : sans JavaScript, toutes les cases restent visibles et le formulaire marche.
(function () {
  "use strict";

  function sansAccents(texte) {
    return texte.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function installer(fieldset, consigne) {
    var elements = Array.prototype.slice.call(fieldset.querySelectorAll(".fr-fieldset__element"));
    if (!elements.length || fieldset.dataset.filtreInstalle) return;
    fieldset.dataset.filtreInstalle = "1";
    var identifiant = fieldset.id ? fieldset.id + "-filtre" : "filtre-" + Math.random().toString(36).slice(2);
    var groupe = document.createElement("div");
    groupe.className = "fr-input-group fr-fieldset__element";
    var etiquette = document.createElement("label");
    etiquette.className = "fr-label";
    etiquette.htmlFor = identifiant;
    etiquette.textContent = consigne;
    var champ = document.createElement("input");
    champ.className = "fr-input";
    champ.type = "search";
    champ.id = identifiant;
    champ.setAttribute("autocomplete", "off");
    var etat = document.createElement("p");
    etat.className = "fr-hint-text";
    etat.setAttribute("aria-live", "polite");
    groupe.appendChild(etiquette);
    groupe.appendChild(champ);
    groupe.appendChild(etat);
    elements[0].parentNode.insertBefore(groupe, elements[0]);

    champ.addEventListener("input", function () {
      var mots = sansAccents(champ.value).split(/\s+/).filter(Boolean);
      var visibles = 0;
      elements.forEach(function (element) {
        var texte = sansAccents(element.textContent);
        var coche = element.querySelector("input:checked");
        var garde = coche || mots.every(function (mot) { return texte.indexOf(mot) !== -1; });
        element.hidden = !garde;
        if (garde) visibles += 1;
      });
      etat.textContent = mots.length ? visibles + " sur " + elements.length + " affichés (les cases cochées restent visibles)" : "";
    });
    // Entrée dans le champ de filtre ne soumet pas le formulaire.
    champ.addEventListener("keydown", function (evenement) {
      if (evenement.key === "Enter") evenement.preventDefault();
    });
  }

  function installerTout() {
    var cases = document.querySelectorAll("input[type=checkbox][data-filtre-cases]");
    Array.prototype.forEach.call(cases, function (caseACocher) {
      var fieldset = caseACocher.closest("fieldset");
      if (fieldset) installer(fieldset, caseACocher.dataset.filtreCases);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", installerTout);
  } else {
    installerTout();
  }
})();
