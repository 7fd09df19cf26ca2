/** Escapes text for the HTML part (names are typed by users). */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The password reset email: the link, how long it works, and what to do when you did not ask. */
export function passwordResetEmail({ name, link, validMinutes }: { name: string; link: string; validMinutes: number }) {
  const greeting = name.trim() ? `Hello ${name.trim()},` : "Hello,";
  const text = [
    greeting,
    "",
    "Someone asked to reset the password of your Gatehouse account. To choose a new password, open this link:",
    "",
    link,
    "",
    `The link works for ${validMinutes} minutes and only once. Setting a new password signs you out everywhere.`,
    "",
    "If you did not ask for this, ignore this email: your password stays as it is.",
  ].join("\n");
  const html =
    `<p>${escapeHtml(greeting)}</p>` +
    "<p>Someone asked to reset the password of your Gatehouse account. To choose a new password, open this link:</p>" +
    `<p><a href="${escapeHtml(link)}">Choose a new password</a></p>` +
    `<p>The link works for ${validMinutes} minutes and only once. Setting a new password signs you out everywhere.</p>` +
    "<p>If you did not ask for this, ignore this email: your password stays as it is.</p>";
  return { subject: "Reset your Gatehouse password", text, html };
}
