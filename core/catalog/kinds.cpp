#include "core/catalog/kinds.h"

namespace reconcile::catalog {

std::string ObjectRef::path() const {
  std::string p;
  for (const std::string* part : {&schema, &parent, &name}) {
    if (part->empty()) continue;
    if (!p.empty()) p += '.';
    p += *part;
  }
  return p;
}

std::string ObjectRef::describe() const {
  return std::string(kind_name(kind)) + " " + path();
}

std::optional<ObjectRef> ObjectRef::container() const {
  switch (kind) {
    case ObjectKind::kSchema:
    case ObjectKind::kExtension:
      return std::nullopt;
    case ObjectKind::kEnum:
    case ObjectKind::kSequence:
    case ObjectKind::kTable:
      return schema_ref(schema);
    case ObjectKind::kEnumValue:
    case ObjectKind::kColumn:
    case ObjectKind::kPrimaryKey:
    case ObjectKind::kUnique:
    case ObjectKind::kCheck:
    case ObjectKind::kIndex:
    case ObjectKind::kForeignKey:
      return object_ref(kind_info(kind).parent, schema, parent);
  }
  return std::nullopt;
}

ObjectRef schema_ref(std::string schema) {
  return ObjectRef{ObjectKind::kSchema, std::move(schema), "", ""};
}

ObjectRef extension_ref(std::string name) {
  return ObjectRef{ObjectKind::kExtension, "", "", std::move(name)};
}

ObjectRef object_ref(ObjectKind kind, std::string schema, std::string name) {
  return ObjectRef{kind, std::move(schema), "", std::move(name)};
}

ObjectRef part_ref(ObjectKind kind, std::string schema, std::string parent, std::string name) {
  return ObjectRef{kind, std::move(schema), std::move(parent), std::move(name)};
}

std::string name_key(const ObjectRef& r) {
  const NameSpace ns = kind_info(r.kind).names;
  std::string key(1, static_cast<char>('0' + static_cast<int>(ns)));
  auto add = [&key](const std::string& part) {
    key += '\x1f';
    key += part;
  };
  switch (ns) {
    case NameSpace::kSchemas:
      add(r.schema);
      break;
    case NameSpace::kExtensions:
      add(r.name);
      break;
    case NameSpace::kRelations:
      add(r.schema);
      add(r.name);
      break;
    case NameSpace::kColumns:
    case NameSpace::kConstraints:
    case NameSpace::kEnumLabels:
      add(r.schema);
      add(r.parent);
      add(r.name);
      break;
  }
  return key;
}

}  // namespace reconcile::catalog
