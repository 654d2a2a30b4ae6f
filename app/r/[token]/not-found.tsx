// An unknown token: the page cannot know the customer's language, so it speaks both.
export default function UnknownLink() {
  return (
    <main style={{ maxWidth: "44rem", margin: "0 auto", padding: "1.5rem 1rem" }} className="stack">
      <h1>This link is not valid</h1>
      <p>Check that you copied the whole link, or ask the support team for a new one. Nothing will be recorded.</p>
      <div lang="fr" className="stack">
        <h2>Ce lien n&apos;est pas valable</h2>
        <p>Vérifiez que vous avez copié le lien en entier, ou demandez-en un nouveau à l&apos;équipe d&apos;assistance. Rien ne sera enregistré.</p>
      </div>
    </main>
  );
}
