"""Source documents and the claims read from them.

To find:

* registering a document (`add-source`, `remove-source`): the copy and its row -> `register`
* the text offsets count in, from a text file, a saved web page or a PDF -> `fulltext`
* paragraphs and sentences with offsets that never shift -> `segment`
* clauses and who each attributes its content to -> `clauses`
* dates written in a sentence -> `textdates`
* candidate claims with their mentions (`claimbook extract`) -> `extract`
* does a text restate a claim already in the table -> `matching`
* the review file between extraction and the tables, and `accept` -> `review`
"""
