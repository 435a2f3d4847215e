// A form came back with errors: start keyboard and screen-reader users at its summary
// (templates/includes/error_summary.html). Without JavaScript the summary is still
// the first thing in the form.
(function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
