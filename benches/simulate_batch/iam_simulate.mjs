// The same SimulateCustomPolicy requests through @cloud-copilot/iam-simulate,
// one simulation for each action and resource, as iamtutor answers them.
// Prints how many evaluations ran and how many the library refused.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
const require = createRequire(new URL('./node/package.json', import.meta.url))
const { runSimulation } = await import(require.resolve('@cloud-copilot/iam-simulate'))

const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.trim())
let evaluations = 0
let refused = 0
for (const line of lines) {
  const req = JSON.parse(line)
  const caller = req.CallerArn
  const account = (req.ResourceOwner || caller).split(':')[4]
  const context = {}
  for (const e of req.ContextEntries || []) {
    context[e.ContextKeyName] = e.ContextKeyValues.length === 1 ? e.ContextKeyValues[0] : e.ContextKeyValues
  }
  const resources = req.ResourceArns && req.ResourceArns.length ? req.ResourceArns : ['*']
  for (const action of req.ActionNames) {
    for (const resource of resources) {
      evaluations++
      try {
        const r = await runSimulation(
          {
            request: { principal: caller, action, resource: { resource, accountId: account }, contextVariables: context },
            identityPolicies: req.PolicyInputList.map((p, i) => ({ name: `p${i}`, policy: JSON.parse(p) })),
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: req.ResourcePolicy ? JSON.parse(req.ResourcePolicy) : undefined,
            permissionBoundaryPolicies: (req.PermissionsBoundaryPolicyInputList || []).map((p, i) => ({ name: `b${i}`, policy: JSON.parse(p) }))
          },
          {}
        )
        if (r.errors) refused++
      } catch (e) {
        refused++
      }
    }
  }
}
console.log(`${evaluations} evaluations, ${refused} refused`)
