package io.tierpilot.sim.report;

/** The report's style sheet, inlined in the page: system fonts only, nothing fetched. */
final class Css {
  private Css() {}

  static final String STYLE =
      """
      :root { color-scheme: light; }
      body { margin: 0; background: #f6f6f4; color: #222;
        font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
          "Noto Sans", "DejaVu Sans", sans-serif; }
      main { max-width: 1160px; margin: 0 auto; padding: 24px 20px 40px; }
      h1 { font-size: 26px; margin: 0 0 8px; }
      h2 { font-size: 20px; margin: 36px 0 8px; padding-top: 8px; border-top: 1px solid #ddd; }
      h3 { font-size: 15px; margin: 14px 0 4px; }
      code { font: 13px ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono",
        monospace; background: #ecece8; padding: 1px 4px; border-radius: 3px;
        overflow-wrap: anywhere; }
      .summary { max-width: 980px; }
      .note, figcaption, .sub { color: #555; font-size: 13.5px; max-width: 980px; }
      .sub { margin: 0 0 4px; }
      nav { display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 14px; margin: 10px 0 0; }
      nav a { color: #0b5fa5; text-decoration: none; }
      nav a:hover { text-decoration: underline; }
      figure { margin: 10px 0 18px; }
      figcaption { margin-top: 4px; }
      svg.chart { display: block; max-width: 100%; height: auto; background: #fff;
        border: 1px solid #ddd; border-radius: 4px; fill: #222; font-size: 12px;
        font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
          "Noto Sans", "DejaVu Sans", sans-serif; }
      .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr));
        gap: 12px 14px; }
      .grid figure { margin: 0; }
      .pair { display: flex; flex-wrap: wrap; gap: 20px; align-items: flex-start; }
      .pair figure { margin: 0; }
      .scroll { overflow-x: auto; }
      table.data { border-collapse: collapse; background: #fff; font-size: 13.5px;
        font-variant-numeric: tabular-nums; border: 1px solid #ddd; }
      table.data th, table.data td { padding: 4px 7px; text-align: right;
        border-bottom: 1px solid #ececec; white-space: nowrap; }
      table.data thead th { background: #efefeb; font-weight: 600; vertical-align: bottom;
        border-bottom: 1px solid #d4d4d0; }
      table.data th.group { text-align: center; border-bottom: 1px solid #d4d4d0; }
      table.data .left { text-align: left; }
      table.data .first { border-left: 1px solid #e2e2de; }
      table.data tbody th { font-weight: 500; }
      table.data tbody tr:hover { background: #f7f7f3; }
      table.data tr.em th, table.data tr.em td { font-weight: 700; }
      table.data td.low { background: #fde4e1; color: #9b1c1c; }
      table.text td { text-align: left; white-space: normal; vertical-align: top; }
      table.text td:first-child { white-space: nowrap; }
      span.low { background: #fde4e1; color: #9b1c1c; padding: 0 3px; }
      .sw { display: inline-block; width: 11px; height: 11px; border-radius: 50%;
        margin-right: 7px; vertical-align: -1px; }
      .sw.dia { border-radius: 1px; transform: rotate(45deg) scale(0.85); }
      table.data .mixcol { text-align: left; }
      .mix { display: flex; width: 100%; height: 5px; background: #eee; margin: 1px 0 2px; }
      .mix span { display: block; height: 100%; }
      dl.policies { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px;
        font-size: 13.5px; margin: 12px 0 0; }
      dl.policies dt { font-weight: 600; }
      dl.policies dd { margin: 0; color: #444; }
      ul.budgets { font-size: 13.5px; margin: 0; }
      footer { margin-top: 36px; color: #777; font-size: 12.5px; }
      """;
}
