/* Wijkwijzer: draws the places a page lists on an OpenStreetMap map (Leaflet).
   The page is complete without this: every place is in the text list beside the map, and
   each list item carries its place (data-lat, data-lon, data-name). No inline script. */
(function () {
  "use strict";
  var box = document.querySelector("[data-map]");
  if (!box || !window.L) {
    return;
  }
  var places = [];
  document.querySelectorAll("[data-lat][data-lon]").forEach(function (item) {
    var lat = parseFloat(item.getAttribute("data-lat"));
    var lon = parseFloat(item.getAttribute("data-lon"));
    if (isFinite(lat) && isFinite(lon)) {
      places.push({ item: item, at: [lat, lon], name: item.getAttribute("data-name") || "" });
    }
  });
  if (!places.length) {
    return;
  }
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span.innerHTML;
  }
  box.hidden = false;
  var data = box.dataset;
  var map = L.map(box, { zoomControl: false, scrollWheelZoom: false, zoomSnap: 0.5 });
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  L.control.zoom({ zoomInTitle: data.zoomIn, zoomOutTitle: data.zoomOut }).addTo(map);
  L.tileLayer(data.tiles, {
    maxZoom: 19,
    referrerPolicy: data.referrer,
    attribution: '<a href="' + text(data.copyright) + '">' + text(data.attribution) + "</a>"
  }).addTo(map);
  places.forEach(function (place) {
    // The list has the same places and links: markers stay out of the tab order, and a
    // click on one moves the focus to its entry in the list.
    var marker = L.marker(place.at, { title: place.name, alt: place.name, keyboard: false });
    var link = place.item.querySelector("a[href]");
    if (link && place.item.closest(".listing")) {
      marker.on("click", function () {
        link.focus();
      });
    }
    marker.addTo(map);
  });
  if (places.length === 1) {
    map.setView(places[0].at, 16);
  } else {
    map.fitBounds(places.map(function (place) { return place.at; }), { padding: [32, 32], maxZoom: 16 });
  }
})();
