// Keyword matching on the lower-case words of a column name (lowercase_words in
// header_units.h), shared by the furnace role detection and the generic role proposal.
// Names come in English, German, French and Spanish and in tag styles ("TIC101_SP"), so a
// keyword matches a whole word, the start of a word or, for German compounds whose head
// noun comes last ("Bandverschleiß" is belt wear), the end of a word.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

namespace twinbench::name_words {

inline bool has_word(const std::string& words, std::string_view word) {
    std::size_t at = 0;
    while ((at = words.find(word, at)) != std::string::npos) {
        const bool starts = at == 0 || words[at - 1] == ' ';
        const std::size_t end = at + word.size();
        const bool ends = end == words.size() || words[end] == ' ';
        if (starts && ends) return true;
        at = end;
    }
    return false;
}

// A keyword matches a whole word, or the start of a compound word (German: "Ofentemperatur").
inline bool has_prefix_word(const std::string& words, std::string_view word) {
    std::size_t at = 0;
    while ((at = words.find(word, at)) != std::string::npos) {
        if (at == 0 || words[at - 1] == ' ') return true;
        at += word.size();
    }
    return false;
}

// A keyword matches the end of a word (German compounds: "Bandverschleiß", "Brennofen").
inline bool has_suffix_word(const std::string& words, std::string_view word) {
    std::size_t at = 0;
    while ((at = words.find(word, at)) != std::string::npos) {
        const std::size_t end = at + word.size();
        if (end == words.size() || words[end] == ' ') return true;
        at = end;
    }
    return false;
}

inline bool any_word(const std::string& words, std::initializer_list<std::string_view> list) {
    return std::any_of(list.begin(), list.end(), [&](auto w) { return has_word(words, w); });
}
inline bool any_prefix(const std::string& words, std::initializer_list<std::string_view> list) {
    return std::any_of(list.begin(), list.end(), [&](auto w) { return has_prefix_word(words, w); });
}
inline bool any_suffix(const std::string& words, std::initializer_list<std::string_view> list) {
    return std::any_of(list.begin(), list.end(), [&](auto w) { return has_suffix_word(words, w); });
}
inline bool contains(const std::string& words, std::initializer_list<std::string_view> list) {
    return std::any_of(list.begin(), list.end(),
                       [&](auto w) { return words.find(w) != std::string::npos; });
}

}  // namespace twinbench::name_words
