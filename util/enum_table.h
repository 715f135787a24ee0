// Names of enumerators, from one table per enum.
//
// An enum and its table come from one list (an X-macro), so that a new
// enumerator cannot exist without its name:
//
//   #define RECONCILE_OPS(X) X(kCreate, "create") X(kDrop, "drop")
//   enum class Op { RECONCILE_OPS(RECONCILE_ENUMERATOR) };
//   RECONCILE_ENUM_TABLE(Op, RECONCILE_OPS)
//
// RECONCILE_ENUM_TABLE defines, in the enum's namespace, `enum_table(Op)`: a
// constexpr array of {value, name, text} in enumerator order (`text` is an
// optional third column, e.g. a description). The generic functions below
// find it by argument-dependent lookup.
//
// Guarantees: enum_name() of every enumerator is its listed name;
// enum_from_name() is its inverse (exact, case-sensitive match);
// enum_values() lists every enumerator in declaration order. A table whose
// rows are not exactly the enumerators 0..N-1 in order does not compile
// (enum_table_is_complete, checked by RECONCILE_ENUM_TABLE).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <type_traits>

namespace reconcile::util {

template <class E>
struct EnumEntry {
  E value;
  std::string_view name;
  std::string_view text = {};
};

// True when `table` lists the enumerators 0, 1, ..., N-1 in order.
template <class E, std::size_t N>
constexpr bool enum_table_is_complete(const std::array<EnumEntry<E>, N>& table) {
  for (std::size_t i = 0; i < N; ++i)
    if (static_cast<std::size_t>(table[i].value) != i) return false;
  return true;
}

template <class E>
constexpr std::string_view enum_name(E value) {
  const auto& table = enum_table(E{});
  const auto i = static_cast<std::size_t>(value);
  return i < table.size() ? table[i].name : std::string_view{};
}

// The third column of the table ("" when the table has none).
template <class E>
constexpr std::string_view enum_text(E value) {
  const auto& table = enum_table(E{});
  const auto i = static_cast<std::size_t>(value);
  return i < table.size() ? table[i].text : std::string_view{};
}

template <class E>
constexpr std::optional<E> enum_from_name(std::string_view name) {
  for (const auto& entry : enum_table(E{}))
    if (entry.name == name) return entry.value;
  return std::nullopt;
}

template <class E>
constexpr auto enum_values() {
  constexpr auto table = enum_table(E{});
  std::array<E, table.size()> out{};
  for (std::size_t i = 0; i < table.size(); ++i) out[i] = table[i].value;
  return out;
}

}  // namespace reconcile::util

// One enumerator of an X-macro list: X(id, name) or X(id, name, text).
#define RECONCILE_ENUMERATOR(id, ...) id,
#define RECONCILE_ENUM_TABLE_ROW(id, ...) ::reconcile::util::EnumEntry<E>{E::id, __VA_ARGS__},

// Defines `constexpr auto enum_table(Enum)` from the list; put it right after
// the enum, in the enum's namespace.
#define RECONCILE_ENUM_TABLE(Enum, LIST)                                       \
  constexpr auto enum_table(Enum) {                                            \
    using E = Enum;                                                            \
    return std::array{LIST(RECONCILE_ENUM_TABLE_ROW)};                         \
  }                                                                            \
  static_assert(::reconcile::util::enum_table_is_complete(enum_table(Enum{})), \
                #Enum ": the table must list every enumerator in order")
