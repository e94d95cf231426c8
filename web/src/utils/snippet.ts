// Search snippets come as HTML with <mark> around matches. Only <mark> survives: everything else is escaped,
// so a complaint text can never inject markup into the console.

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/** Decodes the few entities a server-side escaper produces, so they are not double-escaped. */
function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
}

export function sanitizeSnippet(html: string): string {
  const parts = html.split(/(<\/?mark>)/i)
  let open = 0
  let out = ''
  for (const part of parts) {
    const tag = part.toLowerCase()
    if (tag === '<mark>') {
      out += '<mark>'
      open++
    } else if (tag === '</mark>') {
      if (open > 0) {
        out += '</mark>'
        open--
      }
    } else {
      out += escapeHtml(decodeEntities(part))
    }
  }
  while (open-- > 0) out += '</mark>'
  return out
}
