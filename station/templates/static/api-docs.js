// /api/v1/docs: Swagger UI from the vendored bundle, started here because the CSP allows no inline script.
"use strict";
(function () {
  const root = document.getElementById("swagger-ui");
  window.ui = window.SwaggerUIBundle({
    url: root.dataset.spec, domNode: root, deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis], layout: "BaseLayout", validatorUrl: null,
  });
})();
