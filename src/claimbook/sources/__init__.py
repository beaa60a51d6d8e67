"""Source documents and the claims read from them.

To find:

* registering a document (`add-source`, `remove-source`): the copy and its row -> `register`
* the text offsets count in, from a text file, a saved web page or a PDF -> `fulltext`; a PDF
  page's footnotes, kept on their page out of a sentence across pages -> `pdf_notes`
* paragraphs and sentences with offsets that never shift -> `segment`
  (sentences written in parentheses -> `parentheses`)
* whether a place of a text is inside a quotation (which marks open and close one), the one
  rule the paragraphs, the parse and the word rules read -> `quotation`
* what a document sets beside its text, kept but never read for claims (its back matter, its
  tables and figures from caption to notes) -> `apparatus`
* sentences cut into clauses, on tokens with offsets -> `clauses`
* who a clause attributes its content to: by word rules -> `clause_attribution`;
  from the dependency parse -> `attribution`; the speaker's noun phrase in the parse (its name,
  description, the author of a document that speaks) -> `speaker_phrase`; what the reporting
  verb reports (its complement, the clause before "…, X said", a quotation after a colon) ->
  `reported`
* whether a reporting verb's act is made (not negated, not to come, no thing claimed as a due)
  -> `act_made`
* the rules' clauses read with the parse (regrouped, which reading wins) -> `rules_with_parse`
* reporting verbs: lemma, speech act, the forms the word rules read -> `reporting_verbs`
* dates written in a sentence -> `textdates`
* a surname ("Ms Persson") and the full name the story introduced it with -> `person_names`
* the words of a person's title or role ("President", "Lt. Col.", "Ms", the "advisor" of a
  description), one vocabulary every step takes its sets from -> `person_words`
* who a claimant as written ("he", "Assange", "the ministry") refers to -> `referents`
* candidate claims with their mentions (`claimbook extract`) -> `extract`; a transcript's speaker
  labels as claimants -> `speakers`; a post a page embeds ("— Name (@handle) date") as its
  author's -> `embedded_posts`; a sentence about another text or the document itself ("See …",
  "This report provides …"), no claim -> `references`; the date a mention takes (its own, its
  day heading's, the document's) -> `mention_dates`
* the claim type of a mention (statement, allegation, denial, …) -> `speech_acts`; of what the
  document says in its own voice, and whether the document argues -> `own_voice`; how a clause
  is built (main verb, subject, predicate, negation), read from its parse -> `clause_shape`;
  the type decided again by models trained on real text -> `learned_types`
* keep = no for what someone says that an analyst would not record, by a model trained on real
  text -> `learned_keep`; keep = yes decided in one place -> `candidates.Candidate.kept`
* a model's shipped weights (claim-worthiness, types, keep), read with one typed error ->
  `model_files`
* does a text restate a claim already in the table -> `matching`
* which claim a denial answers (the review's proposed `responds_to`) -> `responses`
* the review file between extraction and the tables, and `accept` -> `review`; a source's
  candidates written as one (`claimbook extract`) -> `extract_review`
"""
