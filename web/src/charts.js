// The three charts, on Chart.js (loaded on demand: only pages with a chart
// fetch it). Each canvas records how many points it drew per series
// (data-points), and a table beside it carries the same numbers in text.
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip,
} from 'chart.js';
import { t } from './i18n.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
const DAY = 86400000;

function draw(canvas, config) {
  const chart = new Chart(canvas, { ...config, options: { animation: false, responsive: true, maintainAspectRatio: false, ...config.options } });
  // Points drawn per series (each series has one per row of the view).
  const drawn = chart.data.datasets.map((_, i) => chart.getDatasetMeta(i).data.length);
  canvas.dataset.points = String(Math.min(...drawn));
  canvas.dataset.series = String(drawn.length);
  return chart;
}

// A dashed vertical line, with its year, at each date the post's title changed.
function titleLines(dates) {
  return {
    id: 'titleLines',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea: area, scales: { x } } = chart;
      ctx.save();
      ctx.strokeStyle = '#8e5ea2';
      ctx.fillStyle = '#8e5ea2';
      ctx.setLineDash([4, 3]);
      ctx.font = '11px system-ui, sans-serif';
      for (const d of dates) {
        const px = x.getPixelForValue(d);
        if (px < area.left || px > area.right) continue;
        ctx.beginPath();
        ctx.moveTo(px, area.top);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
        ctx.fillText(String(new Date(d).getUTCFullYear()), px + 2, area.top + 10);
      }
      ctx.restore();
    },
  };
}

// Tenures of a post as floating bars, one per history row: from -> to (or
// today). With the post's titles over time (the titles view), each bar's
// tooltip names the title its tenure began under, and the canvas lists the
// dates the title changed (data-title-changes).
export function tenureChart(canvas, rows, titles = []) {
  const now = Date.now();
  const span = (r) => [Date.parse(r.from), r.to && r.to !== '9999-12-31' ? Date.parse(r.to) : now];
  canvas.parentElement.style.height = `${Math.max(160, rows.length * 22 + 60)}px`;
  canvas.dataset.titleChanges = titles.slice(1).map((x) => x.from).join(' ');
  const changes = titles.slice(1).map((x) => Date.parse(x.from));
  return draw(canvas, {
    type: 'bar',
    plugins: [titleLines(changes)],
    data: { labels: rows.map((r) => `${r.name || r.person} (${r.from.slice(0, 4)})`),
      datasets: [{ label: t('post.chart'), data: rows.map(span), backgroundColor: rows.map((r) => (r.tenure === 'acting' ? '#d9a441' : '#2f6f9f')) }] },
    options: {
      indexAxis: 'y',
      plugins: { legend: { display: false }, tooltip: { callbacks: {
        label: (c) => `${new Date(c.raw[0]).toISOString().slice(0, 10)} – ${new Date(c.raw[1]).toISOString().slice(0, 10)} (${Math.round((c.raw[1] - c.raw[0]) / DAY)} ${t('chart.days')})`,
        afterLabel: (c) => (titles.length > 1 && rows[c.dataIndex]?.title ? rows[c.dataIndex].title : ''),
      } } },
      scales: { x: { type: 'linear', ticks: { callback: (v) => new Date(v).getUTCFullYear() } } },
    },
  });
}

// Appointments and dismissals per row of the turnover view (elections=true).
export function turnoverChart(canvas, rows, multiOrg) {
  canvas.parentElement.style.height = '300px';
  return draw(canvas, {
    type: 'bar',
    data: { labels: rows.map((r) => (multiOrg ? `${r.org} · ${r.period}` : r.period)),
      datasets: [
        { label: t('org.appointments'), data: rows.map((r) => r.appointments), backgroundColor: '#2f6f9f' },
        { label: t('org.dismissals'), data: rows.map((r) => r.dismissals), backgroundColor: '#b5443b' },
      ] },
  });
}

// Women and men per row of the gender view, stacked.
export function genderChart(canvas, rows, multiOrg) {
  canvas.parentElement.style.height = `${Math.max(160, rows.length * 26 + 60)}px`;
  return draw(canvas, {
    type: 'bar',
    data: { labels: rows.map((r) => (multiOrg ? `${r.org} · ${r.group}` : r.group)),
      datasets: [
        { label: t('org.women'), data: rows.map((r) => r.female), backgroundColor: '#8e5ea2' },
        { label: t('org.men'), data: rows.map((r) => r.male), backgroundColor: '#3e95cd' },
      ] },
    options: { indexAxis: 'y', scales: { x: { stacked: true }, y: { stacked: true } } },
  });
}
