import type { SavedPlan } from '../plan/plan.js';
import { renderJson } from '../render/json.js';
import { renderMarkdown } from '../render/markdown.js';
import { renderText } from '../render/text.js';
import { useColor, type CliIo } from './io.js';

/** The plan in the chosen format, coloured only on a terminal that allows it. */
export function renderPlan(saved: SavedPlan, options: { format: 'text' | 'json' | 'markdown'; color?: boolean }, io: CliIo): string {
  switch (options.format) {
    case 'json':
      return renderJson(saved);
    case 'markdown':
      return renderMarkdown(saved.plan, saved.origin);
    case 'text':
      return renderText(saved.plan, { color: useColor(io.stdout, io.env, options.color) });
  }
}
