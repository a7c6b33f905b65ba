// The SPARQL editor: YASGUI, served from this app, pointed at this app's endpoint.
// Autocompleters that would ask other hosts (LOV, prefix.cc) are switched off, and
// nothing is persisted, so every visit starts from the examples.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("editor-config").textContent);
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var offline = ["prefixes", "variables"];
  Yasgui.Yasqe.defaults.autocompleters = Yasgui.Yasqe.defaults.autocompleters.filter(function (name) {
    return offline.indexOf(name) >= 0;
  });
  Yasgui.Yasqe.defaults.prefixCcApi = null;

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    autofocus: true,
    yasqe: { value: config.examples[0].query, autocompleters: offline.slice(), prefixCcApi: null,
            collapsePrefixesOnLoad: true },
  });
  var tab = yasgui.getTab();
  tab.setEndpoint(endpoint);
  tab.setQuery(config.examples[0].query);
  window.crosstalkEditor = yasgui;

  document.querySelectorAll("#examples button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      var example = config.examples[Number(button.dataset.index)];
      var current = yasgui.getTab();
      current.setQuery(example.query);
      current.getYasqe().query();
    });
  });
})();
