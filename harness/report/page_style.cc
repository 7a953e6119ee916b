// The page's own CSS and JavaScript, inlined: the report fetches nothing.
#include "harness/report/report_parts.h"

namespace faultline::report_detail {

std::string_view page_css() {
  return R"css(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 24px 40px;color:#1f2328;background:#fff}
h1{margin:0;font-size:24px}h2{margin:28px 0 8px;font-size:19px;border-bottom:1px solid #d0d7de}h3{margin:16px 0 6px}
code,.mono,pre{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12.5px}
.banner{display:flex;align-items:center;gap:24px;padding:16px 24px;margin:16px 0 8px;border-radius:8px;color:#fff}
.banner .verdict{font-size:42px;font-weight:800;letter-spacing:2px}.banner p{margin:4px 0}.banner .reason{font-weight:600;color:#fff}
.banner.valid{background:#1a7f37}.banner.invalid{background:#cf222e}.banner.unknown{background:#8a6100}.banner.error{background:#57606a}
.commands{display:flex;gap:32px;flex-wrap:wrap;padding:6px 0}.commands code{background:#f6f8fa;padding:2px 6px;border-radius:4px}
.alerts{border:3px solid #cf222e;background:#ffebe9;border-radius:8px;padding:4px 16px;margin:12px 0}.alerts h2{border:0;color:#a40e26}
.incident{border:2px solid #cf222e;border-radius:8px;padding:4px 16px;margin:12px 0}.incident h2{border:0;margin-top:8px}
.incident dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:8px 0}.incident dt{font-weight:700}.incident dd{margin:0}
.checker{border-left:6px solid #cf222e;padding:4px 12px;margin:12px 0;background:#fff8f7}.checker.unknown{border-color:#bf8700;background:#fffbea}
.summary{background:#f6f8fa;padding:8px;white-space:pre-wrap}.reason,.warn{color:#9a6700;font-weight:600}
table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}
td.num{text-align:right;font-variant-numeric:tabular-nums}tr.total td{font-weight:700}tr.bad td{background:#ffebe9}
table.evidence tr.failed td{background:#ffcecb;font-weight:600}table.evidence tr.linearized td{background:#dafbe1}
.note{color:#57606a;font-size:12.5px;margin:4px 0}svg{display:block;margin:6px 0;overflow:visible}
svg text{font-size:11px;fill:#1f2328}svg .lane{text-anchor:end;fill:#57606a}svg .tick{text-anchor:middle;fill:#57606a}
svg .grid{stroke:#d8dee4;stroke-width:.5}svg rect.ok,svg circle.ok{fill:#2da44e}svg rect.fail,svg circle.fail{fill:#cf222e;stroke:#1f2328;stroke-width:1}
svg rect.info,svg circle.info{fill:#d4a72c;stroke:#1f2328;stroke-width:1;stroke-dasharray:2 1}svg rect.fault{fill:#8250df;fill-opacity:.13}svg rect.fault.bad{fill:#cf222e;fill-opacity:.18;stroke:#cf222e;stroke-width:1}
svg rect.fault.open{fill:#cf222e;fill-opacity:.28;stroke:#cf222e;stroke-dasharray:4 3}svg .fault-label{fill:#6639ba;font-size:10.5px}svg .fault-label.end{text-anchor:end}
svg rect.evidence{fill:none;stroke:#000;stroke-width:2}svg line.heal{stroke:#1a7f37;stroke-width:1.5;stroke-dasharray:2 2}svg line.heal.bad{stroke:#cf222e}
svg polyline{fill:none;stroke-width:1.5}svg .p50{stroke:#0969da}svg .p99{stroke:#8250df;stroke-dasharray:4 2}
svg .ok-line{stroke:#2da44e}svg .fail-line{stroke:#cf222e}svg .info-line{stroke:#d4a72c}
.evidence-timeline g rect{stroke:#57606a;stroke-width:.5}.evidence-timeline g.neighbour rect{fill:#d0d7de}.evidence-timeline g.neighbour text{fill:#424a53}
.evidence-timeline g.ev.ok rect{fill:#aceebb}.evidence-timeline g.ev.info rect{fill:#fae17d}.evidence-timeline g.failed rect{stroke:#cf222e;stroke-width:2.5}
table.availability tr.side td{color:#57606a;background:#f6f8fa}table.availability tr.side td:first-child{padding-left:24px}
svg.hide-ok rect.ok{display:none}.files a{margin-right:14px}
.legend{display:flex;gap:16px;font-size:12.5px;margin:2px 0}.legend svg{display:inline;margin:0 4px 0 0;vertical-align:middle}
a:focus-visible,input:focus-visible,summary:focus-visible,[tabindex]:focus-visible{outline:3px solid #0969da;outline-offset:2px}
@media print{body{margin:0 8mm;font-size:11pt;color:#000}.banner,.incident,.alerts,.checker,svg{break-inside:avoid;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.banner{border:3px solid #000}a{color:#000;text-decoration:underline}#cursor,.no-print,.raw{display:none}svg{max-width:100%;height:auto}}
.elle-anomaly{display:flex;gap:16px;align-items:flex-start;flex-wrap:wrap;margin:8px 0}.elle-anomaly h4{flex-basis:100%;margin:4px 0}.elle-text{flex:1;min-width:320px}
svg .elle-edge path{fill:none;stroke:#1f2328;stroke-width:1.5}svg .elle-edge.rw path{stroke-dasharray:5 3}svg .elle-edge text{text-anchor:middle;font-size:11px}
svg .elle-txn circle{fill:#ddf4ff;stroke:#0969da;stroke-width:1.5}svg .elle-txn text{text-anchor:middle;font-weight:600}svg marker path{fill:#1f2328}
#cursor{position:absolute;display:none;background:#1f2328;color:#fff;padding:2px 6px;border-radius:4px;font-size:12px;pointer-events:none}
)css";
}

std::string_view page_js() {
  return R"js(
(function(){
  // The checkers' JSON is embedded once and pretty-printed only when opened.
  document.querySelectorAll('details.raw').forEach(function(d){
    d.addEventListener('toggle',function(){
      var pre=d.querySelector('pre'),source=document.getElementById(d.dataset.json);
      if(!d.open||pre.textContent||!source)return;
      try{pre.textContent=JSON.stringify(JSON.parse(source.textContent),null,2);}catch(e){pre.textContent=source.textContent;}
    });
  });
  // The run time under the mouse on every timeline and chart.
  var tip=document.getElementById('cursor');
  document.querySelectorAll('svg[data-begin]').forEach(function(svg){
    svg.addEventListener('mousemove',function(ev){
      var r=svg.getBoundingClientRect(),x=ev.clientX-r.left,x0=+svg.dataset.x0,w=+svg.dataset.w;
      if(x<x0||x>x0+w){tip.style.display='none';return;}
      var b=+svg.dataset.begin,e=+svg.dataset.end;
      tip.textContent='t = '+((b+(x-x0)/w*(e-b))/1e9).toFixed(3)+' s';
      tip.style.left=(ev.pageX+14)+'px';tip.style.top=(ev.pageY+14)+'px';tip.style.display='block';
    });
    svg.addEventListener('mouseleave',function(){tip.style.display='none';});
  });
  // Hide the ok ops on the run's timeline: what is left is what went wrong.
  var box=document.getElementById('hide-ok');
  if(box)box.addEventListener('change',function(){
    document.querySelectorAll('svg.run-timeline').forEach(function(s){s.classList.toggle('hide-ok',box.checked);});
  });
  // Tests (and people) can tell the script ran to its end.
  document.documentElement.setAttribute('data-script-done','yes');
})();
)js";
}

}  // namespace faultline::report_detail
