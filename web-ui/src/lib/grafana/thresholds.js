// Threshold colours (fieldConfig.defaults.thresholds) and Grafana's named colours. Pure.

/** Grafana's named colours the dashboards use, as CSS colours; any other value is passed to CSS as written. */
export const NAMED_COLORS = {
  green: '#73bf69',
  'dark-green': '#37872d',
  yellow: '#fade2a',
  orange: '#ff9830',
  red: '#f2495c',
  'dark-red': '#c4162a',
  blue: '#5794f2',
  purple: '#b877d9',
  text: '#e6edf3',
  transparent: 'transparent',
};

/** A Grafana colour name or a CSS colour, as CSS. */
export function cssColor(name) {
  return NAMED_COLORS[name] ?? name;
}

/**
 * The colour of the step `value` falls in: the last step whose value is at most `value`, the base step (value null)
 * otherwise. In "percentage" mode a step's value is a percentage of [min, max]. Null without thresholds or value.
 */
export function thresholdColor(value, thresholds, min = 0, max = 100) {
  const steps = thresholds?.steps;
  if (!steps?.length || value === null || value === undefined || Number.isNaN(value)) return null;
  const position = thresholds.mode === 'percentage' ? ((value - min) / (max - min || 1)) * 100 : value;
  let color = steps[0].color;
  for (const step of steps) {
    if (step.value === null || step.value === undefined || position >= step.value) color = step.color;
  }
  return cssColor(color);
}
