// Suggestions de codes NAF (htmx) : un clic sur une suggestion remplit le champ du code et y remet le focus.
// Un fichier plutôt qu'un attribut hx-on : la politique de sécurité du contenu interdit le code en ligne.
(function () {
  "use strict";

  document.addEventListener("click", function (evenement) {
    var bouton = evenement.target.closest("[data-choix-naf-champ]");
    if (!bouton) return;
    var champ = document.getElementById(bouton.dataset.choixNafChamp);
    if (!champ) return;
    champ.value = bouton.dataset.choixNafCode;
    champ.focus();
  });
})();
