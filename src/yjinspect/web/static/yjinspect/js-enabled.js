// GOV.UK Frontend's hooks for styles that need JavaScript; a file rather than an inline script, so that
// the Content-Security-Policy can refuse every inline script. Loaded at the top of <body>, before it paints.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
