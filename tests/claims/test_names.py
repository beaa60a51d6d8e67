"""One claimant identity: spellings that differ only in case, Unicode normal form, whitespace or
invisible characters are one identity; look-alikes from another script are not, are found as
pairs, and are marked wherever a name is shown. (Every name here is invented or a public
figure's name as news reports spell it.)"""

from __future__ import annotations

import unicodedata

from claimbook.claims import names

NFC = unicodedata.normalize("NFC", "José Marti")
NFD = unicodedata.normalize("NFD", "José Marti")
CYRILLIC_O = "V\u043elodymyr Zelenskyy"  # a Cyrillic о in place of the Latin o


def test_case_normal_form_whitespace_and_invisible_characters_are_one_identity() -> None:
    assert NFC != NFD
    one = names.identity("Volodymyr Zelenskyy")
    for spelling in ("VOLODYMYR ZELENSKYY", "volodymyr   zelenskyy", " Volodymyr Zelenskyy\u200b",
                     "Volodymyr\u00a0Zelenskyy", "Volo\u00addymyr Zelen\u2060skyy",
                     "\ufeffVolodymyr Zelenskyy"):
        assert names.identity(spelling) == one, repr(spelling)
    assert names.identity(NFC) == names.identity(NFD) == names.identity("JOSÉ MARTI")
    assert names.same("Straße", "STRASSE")  # case folded, not only lowered


def test_look_alikes_and_other_names_are_other_identities() -> None:
    assert names.identity(CYRILLIC_O) != names.identity("Volodymyr Zelenskyy")
    assert names.identity("José Marti") != names.identity("Jose Marti")
    assert names.identity("US officials") != names.identity("UK officials")


def test_clean_keeps_case_and_removes_what_is_not_seen() -> None:
    assert names.clean(" Volodymyr \t Zelenskyy\u200b") == "Volodymyr Zelenskyy"
    assert names.clean(NFD) == NFC
    # a control character is shown as a mark everywhere (control_chars): not invisible
    assert names.identity("A\x1b[2JB") != names.identity("A[2JB")


def test_the_table_keeps_one_spelling_clean_first_then_most_claims_then_first() -> None:
    sp = names.Spellings.of_names(["VOLODYMYR ZELENSKYY", "Volodymyr Zelenskyy",
                                   "Volodymyr Zelenskyy", "Volodymyr Zelenskyy\u200b", NFD, NFC])
    assert sp.show("volodymyr zelenskyy") == "Volodymyr Zelenskyy"
    assert sp.spelled[names.identity("Volodymyr Zelenskyy")][0] == "Volodymyr Zelenskyy"
    assert sp.show(NFD) == NFC and sp.spelled[names.identity(NFC)] == (NFC, NFD)
    assert sp.respelled() == {"VOLODYMYR ZELENSKYY": "Volodymyr Zelenskyy",
                              "Volodymyr Zelenskyy\u200b": "Volodymyr Zelenskyy", NFD: NFC}
    assert set(sp.variants(["VOLODYMYR zelenskyy"])) == {
        "Volodymyr Zelenskyy", "VOLODYMYR ZELENSKYY", "Volodymyr Zelenskyy\u200b"}
    assert names.Spellings.of_names(["A B\u200b", "a b"]).show("A B") == "a b"  # clean first
    # only unclean spellings: the one most claims use, as stored (the tables keep exact text)
    assert names.Spellings.of_names(["x\u200by", "X\u200bY", "X\u200bY"]).show("xy") == "X\u200bY"


def test_respeller_writes_the_tables_spelling_and_says_which() -> None:
    r = names.Respeller(names.Spellings.of_names(["Volodymyr Zelenskyy"]))
    assert r.spell("VOLODYMYR ZELENSKYY", 2) == "Volodymyr Zelenskyy"
    assert r.spell(NFC) == NFC and r.spell(NFD) == NFC  # a new claimant: its first spelling
    assert r.spell("Volodymyr Zelenskyy") == "Volodymyr Zelenskyy"
    assert r.lines() == [
        "claimant 'VOLODYMYR ZELENSKYY' (2 rows) written as 'Volodymyr Zelenskyy', the spelling "
        "of the same claimant in the table",
        f"claimant {NFD!r} (decomposed, not NFC) (1 row) written as {NFC!r}, the spelling of "
        "the same claimant in the table"]


def test_look_alike_claimants_are_found_in_pairs() -> None:
    found = names.lookalikes(["Volodymyr Zelenskyy", CYRILLIC_O, NFC, "Jose Marti",
                              "China Foreign Ministry", "VOLODYMYR ZELENSKYY"])
    assert found == [("Volodymyr Zelenskyy", CYRILLIC_O)]  # one identity is not a look-alike
    assert names.lookalikes(["Unit 1", "Unit l"]) == [("Unit 1", "Unit l")]


def test_a_name_with_look_alike_letters_is_marked_where_it_is_shown() -> None:
    assert names.shown(CYRILLIC_O) == (f"{CYRILLIC_O} [look-alike letters: \u043e U+043E "
                                       "CYRILLIC]")
    assert names.shown("\u0421\u0440\u0435\u0441").startswith("Срес [look-alike letters: С")
    for plain in ("Volodymyr Zelenskyy", NFC, NFD, "Владимир Зеленский", "NHK 日本放送協会",
                  "Αθήνα"):
        assert names.shown(plain) == plain


def test_a_spelling_is_quoted_so_that_look_the_same_spellings_read_apart() -> None:
    assert names.spelled_out("Volodymyr Zelenskyy\u200b") == "'Volodymyr Zelenskyy<U+200B>'"
    assert names.spelled_out(NFD) == f"{NFD!r} (decomposed, not NFC)"
    assert names.spelled_out(NFC) == repr(NFC)
