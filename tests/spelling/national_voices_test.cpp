// The shipped national voices, each against its standard's published word list (written out here, not read
// from the file under test): the alphabet letter by letter, the language's own letters, a sentence with them,
// digits, symbols and a URL in url mode.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "alfabravo/build_config.hpp"
#include "spelling/speller.hpp"
#include "voice/voice_loader.hpp"

namespace alfabravo::testing {
namespace {

struct NationalVoice {
  std::string name;
  std::string alphabet;     // the standard's words for A..Z (and the own letters in `own`), in order
  std::string own_letters;  // the language's own letters, lower case
  std::string own_words;    // their words
  std::string sentence;     // text with its own letters, spelled with the default options
  std::string sentence_words;
  std::string digits;   // "0123456789"
  std::string symbols;  // "@/-." spelled
  std::string url;      // "https://www.example.com/a?b=1" in url mode
};

std::string spelled(const Voice& voice, const std::string& text, SpellingOptions options = {}) {
  auto tokens = spell(text, voice, options);
  EXPECT_TRUE(tokens.has_value());
  return tokens ? transcript(*tokens) : std::string();
}

void PrintTo(const NationalVoice& voice, std::ostream* out) {
  *out << voice.name;
}

class NationalVoiceTest : public ::testing::TestWithParam<NationalVoice> {
 protected:
  void SetUp() override {
    auto loaded = find_voice(GetParam().name, {std::filesystem::path(build::kSourceVoicesDir)});
    ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
    voice_ = std::move(loaded).value();
  }
  Voice voice_;
};

TEST_P(NationalVoiceTest, TheStandardsWordsLetterByLetter) {
  SpellingOptions no_case;
  no_case.case_policy = CasePolicy::none;
  // One letter at a time: together, Dutch "IJ" would be its own letter.
  std::string upper, lower;
  for (char c = 'a'; c <= 'z'; ++c) {
    upper += (upper.empty() ? "" : " ") +
             spelled(voice_, std::string(1, static_cast<char>(c - 'a' + 'A')), no_case);
    lower += (lower.empty() ? "" : " ") + spelled(voice_, std::string(1, c), no_case);
  }
  EXPECT_EQ(upper, GetParam().alphabet);
  EXPECT_EQ(lower, GetParam().alphabet);
}

TEST_P(NationalVoiceTest, OwnLettersAreTheirOwnWordsInEitherCase) {
  if (GetParam().own_letters.empty()) {
    // The standard names no letters beyond A-Z, and the file adds none of its own.
    EXPECT_EQ(voice_.letters.size(), 26u);
    return;
  }
  SpellingOptions no_case;
  no_case.case_policy = CasePolicy::none;
  EXPECT_EQ(spelled(voice_, GetParam().own_letters, no_case), GetParam().own_words);
}

TEST_P(NationalVoiceTest, ASentenceWithItsOwnLetters) {
  EXPECT_EQ(spelled(voice_, GetParam().sentence), GetParam().sentence_words);
}

TEST_P(NationalVoiceTest, DigitsAndSymbols) {
  EXPECT_EQ(spelled(voice_, "0123456789"), GetParam().digits);
  EXPECT_EQ(spelled(voice_, "@/-."), GetParam().symbols);
  // Every printable ASCII character has a word of the voice's own: none falls back to an English name.
  for (char c = 0x21; c < 0x7f; ++c) {
    auto tokens = spell(std::string(1, c), voice_, SpellingOptions{});
    ASSERT_TRUE(tokens.has_value());
    for (const auto& token : *tokens)
      EXPECT_NE(token.kind, TokenKind::character_name) << "character " << static_cast<int>(c);
  }
}

TEST_P(NationalVoiceTest, AUrlInUrlMode) {
  SpellingOptions url;
  url.mode = SpellMode::url;
  url.case_policy = CasePolicy::none;
  EXPECT_EQ(spelled(voice_, "https://www.example.com/a?b=1", url), GetParam().url);
}

// ICU's names are English: they are said by the voice's names voice, never by the national one.
TEST_P(NationalVoiceTest, CharactersWithoutAWordAreEnglishNamesInAnEnglishVoice) {
  auto tokens = spell("\xd0\x96", voice_, SpellingOptions{});  // Cyrillic Zhe
  ASSERT_TRUE(tokens.has_value());
  ASSERT_EQ(tokens->size(), 1u);
  EXPECT_EQ((*tokens)[0].display, "cyrillic capital letter zhe");
  EXPECT_EQ((*tokens)[0].espeak_voice, "en-gb");
}

// A sequence is one letter only when typed as one: "IJ", "Ij", "ij", not "iJ". Look-alikes that merely
// lower-case to a letter (KELVIN SIGN) keep their own name.
TEST(NationalLetters, SequencesNeedOneCaseAndLookAlikesAreNotLetters) {
  auto dutch = find_voice("nl", {std::filesystem::path(build::kSourceVoicesDir)});
  ASSERT_TRUE(dutch.has_value());
  EXPECT_EQ(spelled(*dutch, "IJ"), "hoofdletter IJmuiden");
  EXPECT_EQ(spelled(*dutch, "Ij"), "hoofdletter IJmuiden");
  EXPECT_EQ(spelled(*dutch, "iJ"), "Izaak hoofdletter Johan");
  EXPECT_EQ(spelled(*dutch, "\u212a"), "kelvin sign");
  auto german = find_voice("de", {std::filesystem::path(build::kSourceVoicesDir)});
  ASSERT_TRUE(german.has_value());
  EXPECT_EQ(spelled(*german, "\u1e9e"),
            "groß Eszett");  // capital sharp s, which has no simple lower-case pair
}

const NationalVoice kVoices[] = {
    {"de",
     "Aachen Berlin Chemnitz Düsseldorf Essen Frankfurt Goslar Hamburg Ingelheim Jena Köln Leipzig München "
     "Nürnberg Offenbach Potsdam Quickborn Rostock Salzwedel Tübingen Unna Völklingen Wuppertal Xanten "
     "Ypsilon "
     "Zwickau",
     "äöüßÄÖÜẞ",
     "Umlaut Aachen Umlaut Offenbach Umlaut Unna Eszett Umlaut Aachen Umlaut Offenbach Umlaut Unna Eszett",
     "Straße Ärger 3/x",
     "groß Salzwedel Tübingen Rostock Aachen Eszett Essen Leerzeichen groß Umlaut Aachen Rostock Goslar "
     "Essen "
     "Rostock Leerzeichen drei Schrägstrich Xanten",
     "null eins zwo drei vier fünf sechs sieben acht neun", "at Schrägstrich Bindestrich Punkt",
     "https Doppelpunkt Schrägstrich Schrägstrich www Punkt Essen Xanten Aachen München Potsdam Leipzig "
     "Essen "
     "Punkt com Schrägstrich Aachen Fragezeichen Berlin gleich eins"},
    {"fr",
     "Anatole Berthe Célestin Désiré Eugène François Gaston Henri Irma Joseph Kléber Louis Marcel Nicolas "
     "Oscar "
     "Pierre Quintal Raoul Suzanne Thérèse Ursule Victor William Xavier Yvonne Zoé",
     "", "", "Ça été",
     "majuscule Célestin cédille Anatole espace Eugène accent aigu Thérèse Eugène accent aigu",
     "zéro un deux trois quatre cinq six sept huit neuf", "arobase barre oblique tiret point",
     "https deux-points barre oblique barre oblique www point Eugène Xavier Anatole Marcel Pierre Louis "
     "Eugène "
     "point com barre oblique Anatole point d'interrogation Berthe égal un"},
    {"it",
     "Ancona Bologna Como Domodossola Empoli Firenze Genova Hotel Imola i lunga kappa Livorno Milano Napoli "
     "Otranto Palermo Quarto Roma Savona Torino Udine Venezia vu doppia ics ipsilon Zara",
     "", "", "Città è", "maiuscola Como Imola Torino Torino Ancona accento grave spazio Empoli accento grave",
     "zero uno due tre quattro cinque sei sette otto nove", "chiocciola barra trattino punto",
     "https due punti barra barra www punto Empoli ics Ancona Milano Palermo Livorno Empoli punto com barra "
     "Ancona punto interrogativo Bologna uguale uno"},
    {"es",
     "Antonio Barcelona Carmen Dolores Enrique Francia González Historia Inés José Kilo Lorenzo Madrid "
     "Navarra "
     "Oviedo París Queso Ramón Sábado Tarragona Ulises Valencia Washington Xiquena Yegua Zaragoza",
     "ñÑ", "Ñoño Ñoño", "Año pingüino",
     "mayúscula Antonio Ñoño Oviedo espacio París Inés Navarra González Ulises con diéresis Inés Navarra "
     "Oviedo",
     "cero uno dos tres cuatro cinco seis siete ocho nueve", "arroba barra guion punto",
     "https dos puntos barra barra www punto Enrique Xiquena Antonio Madrid París Lorenzo Enrique punto com "
     "barra "
     "Antonio signo de interrogación Barcelona igual uno"},
    {"nl",
     "Anton Bernard Cornelis Dirk Eduard Ferdinand Gerard Hendrik Izaak Johan Karel Lodewijk Maria Nico Otto "
     "Pieter Quotiënt Richard Simon Theodoor Utrecht Victor Willem Xantippe Ypsilon Zaandam",
     "ij IJ Ij", "IJmuiden spatie IJmuiden spatie IJmuiden", "IJssel rijk",
     "hoofdletter IJmuiden Simon Simon Eduard Lodewijk spatie Richard IJmuiden Karel",
     "nul een twee drie vier vijf zes zeven acht negen", "apenstaartje schuine streep streepje punt",
     "https dubbele punt schuine streep schuine streep www punt Eduard Xantippe Anton Maria Pieter Lodewijk "
     "Eduard punt com schuine streep Anton vraagteken Bernard is gelijk aan een"},
    {"sv",
     "Adam Bertil Cesar David Erik Filip Gustav Helge Ivar Johan Kalle Ludvig Martin Niklas Olof Petter "
     "Qvintus "
     "Rudolf Sigurd Tore Urban Viktor Wilhelm Xerxes Yngve Zäta",
     "åäöÅÄÖ", "Åke Ärlig Östen Åke Ärlig Östen", "Åsa är öl",
     "stor Åke Sigurd Adam mellanslag Ärlig Rudolf mellanslag Östen Ludvig",
     "noll ett två tre fyra fem sex sju åtta nio", "snabel-a snedstreck bindestreck punkt",
     "https kolon snedstreck snedstreck www punkt Erik Xerxes Adam Martin Petter Ludvig Erik punkt com "
     "snedstreck "
     "Adam frågetecken Bertil lika med ett"},
    {"pl",
     "Adam Barbara Celina Dorota Ewa Franciszek Grażyna Henryk Irena Jadwiga Karol Ludwik Marek Natalia Olga "
     "Paweł ku Roman Stefan Tadeusz Urszula fał Wacław iks igrek Zygmunt",
     "ąćęłńóśźż",
     "a z ogonkiem ce z kreską e z ogonkiem el z kreską en z kreską o z kreską es z kreską zet z kreską zet "
     "z "
     "kropką",
     "Łódź żółw",
     "wielka el z kreską o z kreską Dorota zet z kreską spacja zet z kropką o z kreską el z kreską Wacław",
     "zero jeden dwa trzy cztery pięć sześć siedem osiem dziewięć", "małpa ukośnik myślnik kropka",
     "https dwukropek ukośnik ukośnik www kropka Ewa iks Adam Marek Paweł Ludwik Ewa kropka com ukośnik Adam "
     "znak zapytania Barbara równa się jeden"},
    {"pt",
     "Aveiro Braga Coimbra Dafundo Évora Faro Guarda Horta Itália José Kodak Lisboa Maria Nazaré Ovar Porto "
     "Queluz Rossio Setúbal Tavira Unidade Vidago Waldemar Xavier York Zulmira",
     "", "", "Ação já",
     "maiúscula Aveiro Coimbra com cedilha Aveiro com til Ovar espaço José Aveiro com acento agudo",
     "zero um dois três quatro cinco seis sete oito nove", "arroba barra hífen ponto",
     "https dois pontos barra barra www ponto Évora Xavier Aveiro Maria Porto Lisboa Évora ponto com barra "
     "Aveiro ponto de interrogação Braga igual um"},
};

INSTANTIATE_TEST_SUITE_P(Shipped, NationalVoiceTest, ::testing::ValuesIn(kVoices),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace alfabravo::testing
