//! DynamoDB (`aws dynamodb`): tables and items.
//!
//! Items are kept as the API writes them, maps of attribute names to
//! AttributeValues (`{"id": {"S": "1"}}`). Only primary keys are modelled:
//! no secondary indexes, and no expressions beyond the
//! `attribute_exists` / `attribute_not_exists` conditions that guard writes.

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::Ctx;
use crate::iam::context::Context;
use crate::iam::error::AwsError;
use crate::iam::model::{
    Billing, KeyAttribute, ScalarType, Table, check_attribute_value, table_arn,
};
use crate::iam::ops::{OpResult, date};

type Item = Map<String, Value>;

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "CreateTable" => cx.input(v).and_then(|i| create_table(cx, i)),
        "DescribeTable" => cx.input(v).and_then(|i| describe_table(cx, i)),
        "ListTables" => cx.input(v).and_then(|i| list_tables(cx, i)),
        "DeleteTable" => cx.input(v).and_then(|i| delete_table(cx, i)),
        "PutItem" => cx.input(v).and_then(|i| put_item(cx, i)),
        "GetItem" => cx.input(v).and_then(|i| get_item(cx, i)),
        "DeleteItem" => cx.input(v).and_then(|i| delete_item(cx, i)),
        "Scan" => cx.input(v).and_then(|i| scan(cx, i)),
        _ => return None,
    })
}

fn validation(message: impl Into<String>) -> AwsError {
    AwsError::new("ValidationException", message)
}

fn invalid(message: impl std::fmt::Display) -> AwsError {
    validation(format!(
        "One or more parameter values were invalid: {message}"
    ))
}

/// A table named by name or ARN: (region, account, name).
fn locate(cx: &Ctx<'_>, spec: &str) -> Result<(String, String, String), AwsError> {
    let (region, account, name) = match spec.strip_prefix("arn:aws:dynamodb:") {
        Some(rest) => {
            let mut it = rest.splitn(3, ':');
            let (Some(region), Some(account), Some(table)) = (it.next(), it.next(), it.next())
            else {
                return Err(validation(format!("Invalid TableArn: {spec}")));
            };
            let Some(name) = table.strip_prefix("table/") else {
                return Err(validation(format!("Invalid TableArn: {spec}")));
            };
            (region.to_string(), account.to_string(), name.to_string())
        }
        None => (cx.region.clone(), cx.account.clone(), spec.to_string()),
    };
    check_name(&name)?;
    Ok((region, account, name))
}

fn check_name(name: &str) -> Result<(), AwsError> {
    let rule = if name.len() < 3 {
        "Member must have length greater than or equal to 3"
    } else if name.len() > 255 {
        "Member must have length less than or equal to 255"
    } else if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-')
    {
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
    } else {
        return Ok(());
    };
    Err(validation(format!(
        "1 validation error detected: Value '{name}' at 'tableName' failed to satisfy constraint: {rule}"
    )))
}

/// Locates and authorizes; the table itself may still be missing.
fn authorized_arn(
    cx: &Ctx<'_>,
    spec: &str,
    action: &str,
    ctx: Context,
) -> Result<String, AwsError> {
    let (region, account, name) = locate(cx, spec)?;
    let arn = table_arn(&region, &account, &name);
    cx.authorize_with(action, &arn, ctx)?;
    Ok(arn)
}

fn find<'a>(cx: &'a Ctx<'_>, arn: &str) -> Result<&'a Table, AwsError> {
    cx.org
        .tables
        .get(arn)
        .ok_or_else(|| AwsError::new("ResourceNotFoundException", "Requested resource not found"))
}

fn description(t: &Table, status: &str) -> Value {
    let keys: Vec<&KeyAttribute> = t.key_attributes().collect();
    let definitions: Vec<Value> = keys
        .iter()
        .map(|k| json!({ "AttributeName": k.name, "AttributeType": k.kind.as_str() }))
        .collect();
    let schema: Vec<Value> = keys
        .iter()
        .zip(["HASH", "RANGE"])
        .map(|(k, kind)| json!({ "AttributeName": k.name, "KeyType": kind }))
        .collect();
    let (read, write) = match t.billing {
        Billing::Provisioned { read, write } => (read, write),
        Billing::PayPerRequest => (0, 0),
    };
    let size: usize = t
        .items
        .values()
        .map(|i| Value::Object(i.clone()).to_string().len())
        .sum();
    let mut v = json!({
        "AttributeDefinitions": definitions,
        "TableName": t.name,
        "KeySchema": schema,
        "TableStatus": status,
        "CreationDateTime": date(t.created),
        "ProvisionedThroughput": {
            "NumberOfDecreasesToday": 0,
            "ReadCapacityUnits": read,
            "WriteCapacityUnits": write,
        },
        "TableSizeBytes": size,
        "ItemCount": t.items.len(),
        "TableArn": t.arn(),
        "TableId": t.id,
    });
    if t.billing == Billing::PayPerRequest {
        v["BillingModeSummary"] = json!({
            "BillingMode": "PAY_PER_REQUEST",
            "LastUpdateToPayPerRequestDateTime": date(t.created),
        });
    }
    v["DeletionProtectionEnabled"] = Value::Bool(false);
    v
}

// -- tables ---------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct AttributeDefinition {
    attribute_name: String,
    attribute_type: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct KeySchemaElement {
    attribute_name: String,
    key_type: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Throughput {
    read_capacity_units: Option<u64>,
    write_capacity_units: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct CreateTable {
    table_name: String,
    attribute_definitions: Vec<AttributeDefinition>,
    key_schema: Vec<KeySchemaElement>,
    billing_mode: Option<String>,
    provisioned_throughput: Option<Throughput>,
    tags: Option<Vec<Value>>,
    table_class: Option<String>,
    deletion_protection_enabled: Option<bool>,
}

fn create_table(cx: &mut Ctx<'_>, i: CreateTable) -> OpResult {
    let _ = (i.tags, i.table_class, i.deletion_protection_enabled);
    check_name(&i.table_name)?;
    for (n, d) in i.attribute_definitions.iter().enumerate() {
        if ScalarType::parse(&d.attribute_type).is_none() {
            return Err(validation(format!(
                "1 validation error detected: Value '{}' at 'attributeDefinitions.{}.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]",
                d.attribute_type,
                n + 1
            )));
        }
    }
    if i.key_schema.is_empty() || i.key_schema.len() > 2 {
        return Err(validation(format!(
            "1 validation error detected: Value at 'keySchema' failed to satisfy constraint: Member must have length {} 2",
            if i.key_schema.is_empty() {
                "greater than or equal to 1, and less than or equal to"
            } else {
                "less than or equal to"
            }
        )));
    }
    if i.key_schema[0].key_type != "HASH" {
        return Err(validation(
            "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
        ));
    }
    if i.key_schema.get(1).is_some_and(|k| k.key_type != "RANGE") {
        return Err(validation(
            "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type",
        ));
    }
    let defined = |name: &str| {
        i.attribute_definitions
            .iter()
            .find(|d| d.attribute_name == name)
            .and_then(|d| ScalarType::parse(&d.attribute_type))
    };
    let names = |it: &mut dyn Iterator<Item = &String>| {
        it.map(String::as_str).collect::<Vec<_>>().join(", ")
    };
    if i.key_schema
        .iter()
        .any(|k| defined(&k.attribute_name).is_none())
    {
        return Err(invalid(format!(
            "Some index key attributes are not defined in AttributeDefinitions. Keys: [{}], AttributeDefinitions: [{}]",
            names(&mut i.key_schema.iter().map(|k| &k.attribute_name)),
            names(&mut i.attribute_definitions.iter().map(|d| &d.attribute_name)),
        )));
    }
    if i.attribute_definitions.len() != i.key_schema.len() {
        return Err(invalid(
            "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
        ));
    }
    let billing = match (i.billing_mode.as_deref(), &i.provisioned_throughput) {
        (Some("PAY_PER_REQUEST"), None) => Billing::PayPerRequest,
        (Some("PAY_PER_REQUEST"), Some(_)) => {
            return Err(invalid(
                "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
            ));
        }
        (None | Some("PROVISIONED"), t) => match t
            .as_ref()
            .and_then(|t| t.read_capacity_units.zip(t.write_capacity_units))
        {
            Some((read, write)) if read >= 1 && write >= 1 => Billing::Provisioned { read, write },
            Some(_) => {
                return Err(invalid(
                    "ReadCapacityUnits and WriteCapacityUnits must both be greater than 0",
                ));
            }
            None => {
                return Err(invalid(
                    "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
                ));
            }
        },
        (Some(other), _) => {
            return Err(validation(format!(
                "1 validation error detected: Value '{other}' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]"
            )));
        }
    };
    let arn = table_arn(&cx.region, &cx.account, &i.table_name);
    cx.authorize("dynamodb:CreateTable", &arn)?;
    if cx.org.tables.contains_key(&arn) {
        return Err(AwsError::new(
            "ResourceInUseException",
            format!("Table already exists: {}", i.table_name),
        ));
    }
    let key = |k: &KeySchemaElement| KeyAttribute {
        name: k.attribute_name.clone(),
        kind: defined(&k.attribute_name).expect("checked above"),
    };
    let table = Table {
        name: i.table_name.clone(),
        account: cx.account.clone(),
        region: cx.region.clone(),
        id: cx.org.new_uuid(),
        created: cx.now(),
        partition_key: key(&i.key_schema[0]),
        sort_key: i.key_schema.get(1).map(key),
        billing,
        items: Default::default(),
    };
    // Ready by the next call; this one sees it being made.
    let out = json!({ "TableDescription": description(&table, "CREATING") });
    cx.org.tables.insert(arn, table);
    Ok(out)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct TableName {
    table_name: String,
}

fn describe_table(cx: &mut Ctx<'_>, i: TableName) -> OpResult {
    let arn = authorized_arn(cx, &i.table_name, "dynamodb:DescribeTable", Context::new())?;
    let t = cx.org.tables.get(&arn).ok_or_else(|| {
        AwsError::new(
            "ResourceNotFoundException",
            format!(
                "Requested resource not found: Table: {} not found",
                i.table_name
            ),
        )
    })?;
    Ok(json!({ "Table": description(t, "ACTIVE") }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ListTables {
    exclusive_start_table_name: Option<String>,
    limit: Option<usize>,
}

fn list_tables(cx: &mut Ctx<'_>, i: ListTables) -> OpResult {
    cx.authorize("dynamodb:ListTables", "*")?;
    let mut names: Vec<&str> = cx
        .org
        .tables
        .values()
        .filter(|t| t.account == cx.account && t.region == cx.region)
        .map(|t| t.name.as_str())
        .filter(|n| {
            i.exclusive_start_table_name
                .as_deref()
                .is_none_or(|s| *n > s)
        })
        .collect();
    names.sort_unstable();
    let limit = i.limit.unwrap_or(100).clamp(1, 100);
    let mut out = json!({});
    if names.len() > limit {
        names.truncate(limit);
        out["LastEvaluatedTableName"] = json!(names.last());
    }
    out["TableNames"] = json!(names);
    Ok(out)
}

fn delete_table(cx: &mut Ctx<'_>, i: TableName) -> OpResult {
    let arn = authorized_arn(cx, &i.table_name, "dynamodb:DeleteTable", Context::new())?;
    let t = cx.org.tables.get(&arn).ok_or_else(|| {
        AwsError::new(
            "ResourceNotFoundException",
            format!(
                "Requested resource not found: Table: {} not found",
                i.table_name
            ),
        )
    })?;
    let out = json!({ "TableDescription": description(t, "DELETING") });
    cx.org.tables.remove(&arn);
    Ok(out)
}

// -- items ----------------------------------------------------------------------

/// The partition key's value, as `dynamodb:LeadingKeys` carries it: the
/// condition key that limits a caller to its own items.
fn leading_key(table_spec: &str, cx: &Ctx<'_>, item: &Item) -> Context {
    let mut c = Context::new();
    let pk = locate(cx, table_spec)
        .ok()
        .map(|(r, a, n)| table_arn(&r, &a, &n))
        .and_then(|arn| cx.org.tables.get(&arn))
        .map(|t| t.partition_key.name.clone());
    if let Some(v) = pk
        .and_then(|pk| item.get(&pk))
        .and_then(Value::as_object)
        .and_then(|m| m.values().next())
        .and_then(Value::as_str)
    {
        c.set_one("dynamodb:LeadingKeys", v.to_string());
    }
    c
}

/// The stored key of a `Key` argument, which must name exactly the table's
/// key attributes.
fn key_of(t: &Table, key: &Item) -> Result<String, AwsError> {
    let mismatch = || validation("The provided key element does not match the schema");
    if key.len() != t.key_attributes().count() {
        return Err(mismatch());
    }
    for v in key.values() {
        check_attribute_value(v).map_err(validation)?;
    }
    t.item_key(key).map_err(|_| mismatch())
}

/// The one kind of condition expression modelled: whether the item (its
/// attribute) exists, as used to refuse overwriting.
fn check_condition(
    expression: Option<&str>,
    names: Option<&Map<String, Value>>,
    existing: Option<&Item>,
) -> Result<(), AwsError> {
    let Some(e) = expression else {
        return Ok(());
    };
    let e = e.trim();
    let parsed = [
        ("attribute_not_exists(", false),
        ("attribute_exists(", true),
    ]
    .into_iter()
    .find_map(|(f, want)| Some((e.strip_prefix(f)?.strip_suffix(')')?.trim(), want)));
    let Some((path, want)) = parsed else {
        return Err(validation(format!(
            "Invalid ConditionExpression: iamtutor understands only attribute_exists(path) and attribute_not_exists(path), not `{e}`"
        )));
    };
    let attribute = if path.starts_with('#') {
        names
            .and_then(|n| n.get(path))
            .and_then(Value::as_str)
            .ok_or_else(|| {
                validation(format!(
                    "Value provided in ExpressionAttributeNames unused in expressions: An expression attribute name used in the document path is not defined; attribute name: {path}"
                ))
            })?
    } else {
        path
    };
    let exists = existing.is_some_and(|i| i.contains_key(attribute));
    if exists == want {
        Ok(())
    } else {
        Err(AwsError::new(
            "ConditionalCheckFailedException",
            "The conditional request failed",
        ))
    }
}

fn return_values(kind: Option<&str>, old: Option<Item>) -> OpResult {
    match kind.unwrap_or("NONE") {
        "NONE" => Ok(json!({})),
        "ALL_OLD" => Ok(match old {
            Some(o) => json!({ "Attributes": o }),
            None => json!({}),
        }),
        other => Err(validation(format!(
            "ReturnValues can only be ALL_OLD or NONE, not {other}"
        ))),
    }
}

/// What a PutItem or DeleteItem checks before it writes: its condition,
/// against the item at `key` it would replace or remove; and the answer it
/// gives, that old item when asked for.
fn conditional_write(
    t: &Table,
    key: &str,
    condition: Option<&str>,
    names: Option<&Map<String, Value>>,
    kind: Option<&str>,
) -> OpResult {
    let old = t.items.get(key).cloned();
    check_condition(condition, names, old.as_ref())?;
    return_values(kind, old)
}

/// The table [`find`] found, to change it once the request has passed
/// every check.
fn table_mut<'a>(cx: &'a mut Ctx<'_>, arn: &str) -> &'a mut Table {
    cx.org.tables.get_mut(arn).expect("found above")
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct PutItem {
    table_name: String,
    item: Item,
    condition_expression: Option<String>,
    expression_attribute_names: Option<Map<String, Value>>,
    expression_attribute_values: Option<Map<String, Value>>,
    return_values: Option<String>,
    return_consumed_capacity: Option<String>,
}

fn put_item(cx: &mut Ctx<'_>, i: PutItem) -> OpResult {
    let _ = (i.expression_attribute_values, i.return_consumed_capacity);
    let context = leading_key(&i.table_name, cx, &i.item);
    let arn = authorized_arn(cx, &i.table_name, "dynamodb:PutItem", context)?;
    let t = find(cx, &arn)?;
    for v in i.item.values() {
        check_attribute_value(v).map_err(validation)?;
    }
    let key = t.item_key(&i.item).map_err(invalid)?;
    let out = conditional_write(
        t,
        &key,
        i.condition_expression.as_deref(),
        i.expression_attribute_names.as_ref(),
        i.return_values.as_deref(),
    )?;
    table_mut(cx, &arn).items.insert(key, i.item);
    Ok(out)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct GetItem {
    table_name: String,
    key: Item,
    consistent_read: Option<bool>,
    return_consumed_capacity: Option<String>,
}

fn get_item(cx: &mut Ctx<'_>, i: GetItem) -> OpResult {
    let _ = (i.consistent_read, i.return_consumed_capacity);
    let context = leading_key(&i.table_name, cx, &i.key);
    let arn = authorized_arn(cx, &i.table_name, "dynamodb:GetItem", context)?;
    let t = find(cx, &arn)?;
    let key = key_of(t, &i.key)?;
    // A missing item is not an error: the response just has no Item.
    Ok(match t.items.get(&key) {
        Some(item) => json!({ "Item": item }),
        None => json!({}),
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct DeleteItem {
    table_name: String,
    key: Item,
    condition_expression: Option<String>,
    expression_attribute_names: Option<Map<String, Value>>,
    expression_attribute_values: Option<Map<String, Value>>,
    return_values: Option<String>,
    return_consumed_capacity: Option<String>,
}

fn delete_item(cx: &mut Ctx<'_>, i: DeleteItem) -> OpResult {
    let _ = (i.expression_attribute_values, i.return_consumed_capacity);
    let context = leading_key(&i.table_name, cx, &i.key);
    let arn = authorized_arn(cx, &i.table_name, "dynamodb:DeleteItem", context)?;
    let t = find(cx, &arn)?;
    let key = key_of(t, &i.key)?;
    let out = conditional_write(
        t,
        &key,
        i.condition_expression.as_deref(),
        i.expression_attribute_names.as_ref(),
        i.return_values.as_deref(),
    )?;
    table_mut(cx, &arn).items.remove(&key);
    Ok(out)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Scan {
    table_name: String,
    limit: Option<usize>,
    exclusive_start_key: Option<Item>,
    consistent_read: Option<bool>,
    select: Option<String>,
    return_consumed_capacity: Option<String>,
}

fn scan(cx: &mut Ctx<'_>, i: Scan) -> OpResult {
    let _ = (i.consistent_read, i.return_consumed_capacity);
    let arn = authorized_arn(cx, &i.table_name, "dynamodb:Scan", Context::new())?;
    let t = find(cx, &arn)?;
    if i.limit == Some(0) {
        return Err(validation(
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
        ));
    }
    let start = match &i.exclusive_start_key {
        Some(k) => {
            Some(key_of(t, k).map_err(|_| validation("The provided starting key is invalid"))?)
        }
        None => None,
    };
    let mut items: Vec<(&String, &Item)> = t
        .items
        .iter()
        .filter(|(k, _)| start.as_ref().is_none_or(|s| *k > s))
        .collect();
    let mut last = None;
    if let Some(limit) = i.limit
        && items.len() > limit
    {
        items.truncate(limit);
        // The key attributes of the last item returned: where to go on.
        last = items.last().map(|(_, item)| {
            let key: Item = t
                .key_attributes()
                .filter_map(|k| item.get(&k.name).map(|v| (k.name.clone(), v.clone())))
                .collect();
            key
        });
    }
    let count = items.len();
    let mut out = if i.select.as_deref() == Some("COUNT") {
        json!({ "Count": count, "ScannedCount": count })
    } else {
        let list: Vec<&Item> = items.into_iter().map(|(_, item)| item).collect();
        json!({ "Items": list, "Count": count, "ScannedCount": count })
    };
    if let Some(k) = last {
        out["LastEvaluatedKey"] = Value::Object(k);
    }
    Ok(out)
}
