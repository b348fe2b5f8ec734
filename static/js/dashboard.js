// Dashboard charts: data from the json_script element, series labels from the canvas' data attributes.
// A click on a slice or bar opens the list behind it (the same links as the tables under the charts).
(function () {
  "use strict";
  const source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  Chart.defaults.maintainAspectRatio = false;
  const palette = ["#dc3545", "#fd7e14", "#ffc107", "#198754", "#0d6efd", "#6f42c1", "#20c997", "#6c757d"];
  function opener(urlsFor) {
    return function (event, elements) {
      if (elements.length) {
        const url = urlsFor(elements[0].datasetIndex)[elements[0].index];
        if (url) { window.location.href = url; }
      }
    };
  }
  new Chart(document.getElementById("chart-inspections"), {type: "doughnut",
    data: {labels: data.inspections.labels, datasets: [{data: data.inspections.values, backgroundColor: palette}]},
    options: {onClick: opener(function () { return data.inspections.urls; })}});
  new Chart(document.getElementById("chart-requirements"), {type: "doughnut",
    data: {labels: data.requirements.labels, datasets: [{data: data.requirements.values, backgroundColor: palette}]},
    options: {onClick: opener(function () { return data.requirements.urls; })}});
  const topics = document.getElementById("chart-topics");
  new Chart(topics, {type: "bar",
    data: {labels: data.topics.labels, datasets: [
      {label: topics.dataset.labelStrengths, data: data.topics.strengths, backgroundColor: "#198754"},
      {label: topics.dataset.labelLimitations, data: data.topics.limitations, backgroundColor: "#dc3545"}]},
    options: {indexAxis: "y", scales: {x: {stacked: true}, y: {stacked: true}},
      onClick: opener(function (dataset) { return dataset === 0 ? data.topics.strengths_urls : data.topics.limitations_urls; })}});
})();
